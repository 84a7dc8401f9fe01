/** `25%`, `2.5%`, or `-` when there is no percentage. */
export function formatPercentage(percentage: number | null): string {
  return percentage === null ? '-' : `${percentage}%`;
}
