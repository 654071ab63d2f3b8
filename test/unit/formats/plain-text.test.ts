import { parsePlainText } from '../../../src/formats/plain-text.js';

describe('parsePlainText', () => {
  test('makes one block per non-blank line and remembers its source line', () => {
    const story = parsePlainText('First line\r\n\r\nSecond line  \nThird');
    expect(story.blocks.map((b) => [b.text, b.line])).toEqual([
      ['First line', 1],
      ['Second line', 3],
      ['Third', 4],
    ]);
    expect(story.scraped).toBe(true);
    expect(story.format).toBe('plain-text');
  });
});
