import { ANPA_PRIORITY } from './anpa-1312.js';

// Finds a file's editorial urgency from its first bytes, without a full parse, so the watcher can queue a flash
// ahead of routine copy. Wrong guesses only change queue order: the full parse decides what is published.

/** ninjs-style urgency 1 (flash) .. 9, or undefined when the head says nothing. */
export function sniffUrgency(head: Buffer): number | undefined {
  if (head.length === 0) return undefined;
  // ANPA-1312: SOH, then SYN/selector bytes, then a one-letter priority code before the category
  if (head[0] === 0x01 || head[0] === 0x16) {
    const text = head.subarray(0, 64).toString('latin1');
    const m = /\x01[^\s\x02]{0,6}?\s*[\w]{1,5}\s+([fburadswz])\s+[a-z]\s/i.exec(text) ?? /\x01\S*\s+([fburadswz])\s/i.exec(text);
    if (m) return ANPA_PRIORITY[m[1]!.toLowerCase()];
  }
  const text = head.toString('utf8');
  // IPTC 7901: the priority digit after the service id ("eca062 1 i 211 ...")
  const iptc = /^\x01?\s*[a-z]{2,4}\d{2,6}\s+([1-9])\s+[a-z]{1,3}\s+\d+/i.exec(text);
  if (iptc) return Number(iptc[1]);
  const xml = /<urgency[^>]*>\s*(\d)\s*<\/urgency>/i.exec(text) ?? /\bed-urg="(\d)"/i.exec(text) ?? /<Urgency\s+FormalName="(\d)"/i.exec(text);
  if (xml) return Number(xml[1]);
  const json = /"urgency"\s*:\s*"?(\d)/.exec(text) ?? /"priority"\s*:\s*(\d)\b/.exec(text);
  if (json) return Number(json[1]);
  return undefined;
}
