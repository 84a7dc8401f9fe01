import type { ReactElement } from 'react';
import { USERS } from '../config.js';

/** Signs in as another shopper, to see what the flag serves each of them. */
export function UserSwitcher({
  userId,
  onChange,
}: {
  userId: string;
  onChange: (userId: string) => void;
}): ReactElement {
  const users = USERS.includes(userId as (typeof USERS)[number]) ? USERS : [userId, ...USERS];
  return (
    <label className="user-switcher">
      Signed in as
      <select value={userId} onChange={(event) => onChange(event.target.value)}>
        {users.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </label>
  );
}
