import type { CommandContext } from '../cli/command.js';

/** `--json`: the API's JSON as the server sent it, indented, for jq and scripts. */
export function printJson(ctx: CommandContext, json: unknown): void {
  ctx.print(JSON.stringify(json, null, 2));
}
