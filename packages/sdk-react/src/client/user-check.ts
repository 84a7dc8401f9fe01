import { isDevelopment } from './development.js';

const warned = new WeakSet<object>();

/**
 * Whether values evaluated for `contextUserId` answer for `userId` (any user when it is omitted).
 * They were evaluated on the server for that context alone, and rules never reach the browser, so
 * another user's value cannot be known here: the caller serves false, and development builds warn
 * once per `owner` (a client's store).
 */
export function answersForUser(
  owner: object,
  contextUserId: string | undefined,
  key: string,
  userId: string | undefined,
): boolean {
  if (userId === undefined || userId === contextUserId) return true;
  if (isDevelopment() && !warned.has(owner)) {
    warned.add(owner);
    console.warn(
      `Switchyard: isEnabled('${key}', userId) was asked about a user other than the provider's context.userId; ` +
        'the browser only holds values evaluated for that context (rules never reach it), so it answered false. ' +
        'Pass the user in <FlagProvider context={{ userId }}> or evaluate other users on the server.',
    );
  }
  return false;
}
