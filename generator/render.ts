/**
 * Stage 4: print the render model with the Handlebars templates in `templates/`. Templates
 * only loop and print; everything they print was computed by `buildModel`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { jsLiteral, lineCommentText } from './escape.ts';
import type { RenderModel } from './model.ts';

const TEMPLATE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'templates');
const TEMPLATE_NAMES = ['table-module', 'index', 'database', 'schema-sql', 'distributed-sql'] as const;
type TemplateName = (typeof TEMPLATE_NAMES)[number];

const COMPILE_OPTIONS = { strict: true, noEscape: true, knownHelpersOnly: true, knownHelpers: { json: true } } as const;

let compiled: Record<TemplateName, HandlebarsTemplateDelegate> | undefined;

function templates(): Record<TemplateName, HandlebarsTemplateDelegate> {
  if (compiled) return compiled;
  const hb = Handlebars.create();
  hb.registerHelper('json', (v: unknown) => jsLiteral(v));
  hb.registerPartial('header', hb.compile(readFileSync(path.join(TEMPLATE_DIR, 'header.hbs'), 'utf8'), COMPILE_OPTIONS));
  const out = {} as Record<TemplateName, HandlebarsTemplateDelegate>;
  for (const name of TEMPLATE_NAMES) {
    out[name] = hb.compile(readFileSync(path.join(TEMPLATE_DIR, `${name}.hbs`), 'utf8'), COMPILE_OPTIONS);
  }
  compiled = out;
  return out;
}

/** Normalises line endings and ends every file with exactly one newline. */
function tidy(source: string): string {
  return `${source.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** What the headers name as the source of files made from the whole schema. */
export interface SchemaSource {
  /** `db/schema/index.ts` (root-relative). */
  readonly schemaIndex: string;
  /** `db/schema/`. */
  readonly schemaFolder: string;
}

/** Renders every output file: path relative to the output folder → contents. Sorted by path. */
export function renderFiles(model: RenderModel, source: SchemaSource = { schemaIndex: 'schema/index.ts', schemaFolder: 'schema/' }): Map<string, string> {
  const t = templates();
  // `@command`, `@schemaIndex` and `@schemaFolder` in every template and partial (the headers).
  const data = { data: { command: model.codegenCommand, schemaIndex: lineCommentText(source.schemaIndex), schemaFolder: lineCommentText(source.schemaFolder) } };
  const files = new Map<string, string>();
  for (const table of model.tables) files.set(`${table.moduleName}.ts`, tidy(t['table-module'](table, data)));
  files.set('index.ts', tidy(t.index(model, data)));
  files.set('database.ts', tidy(t.database(model, data)));
  files.set('schema.sql', tidy(t['schema-sql']({ extensions: model.extensions, enums: model.enums, domains: model.domains, tables: model.tablesInDependencyOrder }, data)));
  if (model.distributedSql.length > 0) files.set('distributed.sql', tidy(t['distributed-sql']({ statements: model.distributedSql }, data)));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
