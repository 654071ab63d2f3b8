// A rule's pattern as the RegExp is compiled from it: the same language, in a form V8 compiles faster. Under the
// `iu` flags V8 works out the case variants of every character set it compiles, and for the sets written `.` and `\S`
// (nearly all characters) that costs about 0.1 ms each, compiled once per string width (Latin-1, UTF-16): the
// shipped rules have some fifty of them, most of the rules' compile time in each thread that runs them. Written as
// the small negated classes they are (`[^\n\r\u2028\u2029]`, `[^\s]`) they compile in a tenth of that. Both forms
// match exactly the same characters: no character outside those sets has a case variant inside them.
import { RegExpParser, visitRegExpAST, type AST } from '@eslint-community/regexpp';

const NOT_LINE_TERMINATOR = '[^\\n\\r\\u2028\\u2029]';
const NOT_SPACE = '[^\\s]';

/** `pattern` (compiled with `flags` + `u`) with `.` and `\S` outside classes written as negated classes under `i`. */
export function regexSource(pattern: string, flags: string): string {
  if (!flags.includes('i')) return pattern;
  const ast = new RegExpParser({ ecmaVersion: 2022 }).parsePattern(pattern, 0, pattern.length, { unicode: true });
  const edits: { start: number; end: number; text: string }[] = [];
  visitRegExpAST(ast, {
    onCharacterSetEnter(node: AST.CharacterSet) {
      if (node.parent.type === 'CharacterClass') return;
      // `.` matches line terminators too under the `s` flag: left as it is
      if (node.kind === 'any' && !flags.includes('s')) edits.push({ start: node.start, end: node.end, text: NOT_LINE_TERMINATOR });
      else if (node.kind === 'space' && node.negate) edits.push({ start: node.start, end: node.end, text: NOT_SPACE });
    },
  });
  let source = pattern;
  for (const edit of edits.sort((a, b) => b.start - a.start)) source = source.slice(0, edit.start) + edit.text + source.slice(edit.end);
  return source;
}
