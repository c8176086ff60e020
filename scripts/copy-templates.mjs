// Copies the Handlebars templates next to the built generator (dist/templates), where
// generator/render resolves them (`../templates` from dist/generator).
import { cpSync } from 'node:fs';
cpSync(new URL('../templates', import.meta.url), new URL('../dist/templates', import.meta.url), { recursive: true });
