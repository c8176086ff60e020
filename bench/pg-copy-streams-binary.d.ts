/** pg-copy-streams-binary ships no types; only what the benchmark uses. */
declare module 'pg-copy-streams-binary' {
  import type { Transform } from 'node:stream';
  const copyStreamsBinary: { rowWriter(options?: Record<string, unknown>): Transform };
  export default copyStreamsBinary;
}
