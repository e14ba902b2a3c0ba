/**
 * Keeps the newest version (by sourceUpdatedAt; later in the list wins a tie) of each id, so a
 * batch that carries several versions of one record behaves as if they had arrived one by one.
 */
export function newestById<T extends { id: string; sourceUpdatedAt?: Date | null }>(rows: T[]): T[] {
  const newest = new Map<string, T>();
  for (const row of rows) {
    const prev = newest.get(row.id);
    if (!prev || (prev.sourceUpdatedAt?.getTime() ?? 0) <= (row.sourceUpdatedAt?.getTime() ?? 0)) {
      newest.set(row.id, row);
    }
  }
  return newest.size === rows.length ? rows : [...newest.values()];
}
