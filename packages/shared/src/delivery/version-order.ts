// Stream changes, write answers and re-reads race each other; a document only ever moves forward in
// version, and a delete stays in force against older patches that arrive after it.

/** A patch at `version` applies when it is newer than the held document and than any delete of it. */
export function patchApplies(version: number, held: number | undefined, deleted?: number): boolean {
  if (held !== undefined && version <= held) return false;
  if (deleted !== undefined && version <= deleted) return false;
  return true;
}

/** A delete at `version` applies unless the held document is newer (made again after the delete). */
export function deleteApplies(version: number, held: number | undefined): boolean {
  return held === undefined || held <= version;
}
