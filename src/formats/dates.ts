// Wire dates come as ISO 8601, compact ISO ("20141126T152703+0100") or RFC 2822: all become ISO 8601 strings.

/** An ISO 8601 date-time with offset for any date format the wire uses, or undefined when it is not a date. */
export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  let date: Date;
  if (compact) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = compact;
    const z = !zone || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${z}`);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) {
    date = new Date(`${v}Z`);
  } else {
    date = new Date(v);
  }
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace('.000Z', 'Z');
}
