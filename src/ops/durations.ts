// Durations and points in time as admins type them: "7d", "36h", "90m", "2026-11-20", "2026-11-20T06:00Z".

const UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "7d" → ms; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$/i.exec(text);
  return m ? Number(m[1]) * UNITS_MS[m[2]!.toLowerCase()]! : undefined;
}

/** An ISO date or date-time, or a duration meaning that long ago ("2h" = two hours before `now`). */
export function parsePointInTime(text: string, now = new Date()): Date | undefined {
  const ago = parseDuration(text);
  if (ago !== undefined) return new Date(now.getTime() - ago);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const d = new Date(text.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}
