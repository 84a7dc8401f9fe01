/** An ISO timestamp as `2025-11-26 05:17:03` (UTC), the form every table uses. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
