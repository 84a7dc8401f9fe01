/** Why a construct of another system's flag cannot be translated; `construct` names it. */
export class Untranslatable extends Error {
  constructor(
    readonly construct: string,
    message: string,
  ) {
    super(message);
  }
}
