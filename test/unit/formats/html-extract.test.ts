import { PermanentError } from '../../../src/errors/index.js';
import { detachedCopy, extractArticle } from '../../../src/formats/html-extract.js';
import iconv from 'iconv-lite';
import { decodeBytes } from '../../../src/formats/decode.js';
import { parseHtml } from '../../../src/formats/html.js';
import { parseHtmlTree, stripRawText, stripRawUtf8 } from '../../../src/formats/html-tree.js';
import { parseInput } from '../../../src/formats/index.js';
import { runFixture, runText } from '../../helpers/fixture-pipeline.js';

const htmlBody = (envelope: ReturnType<typeof runFixture>['envelope']) => envelope.ninjs.bodies.find((b) => b.contenttype === 'text/html')?.value ?? '';
const paragraphsOf = (envelope: ReturnType<typeof runFixture>['envelope']) => envelope.ninjs.bodies[0]!.value.split('\n\n');

describe('a news article page: the story is kept, the page around it is not', () => {
  const { envelope } = runFixture('html/news-article.html');
  const body = envelope.ninjs.bodies[0]!.value;

  test('keeps every story paragraph and the subheading, in order', () => {
    const paragraphs = paragraphsOf(envelope);
    expect(paragraphs[0]).toMatch(/^The harbour bridge reopened to traffic on Friday morning/);
    expect(paragraphs).toContain('Cost overrun');
    expect(paragraphs[paragraphs.length - 1]).toBe('Weight limits for lorries will stay in place until the end of March while engineers monitor the new pier under load.');
    expect(paragraphs).toHaveLength(7);
  });

  test.each([
    ['navigation', 'Business'],
    ['the search form', 'Search the Courier'],
    ['the share bar', 'Share on Facebook'],
    ['ads', 'Advertisement'],
    ['the inline script', 'renderInlineAd'],
    ['the related list', 'Insurer to cover bridge repair'],
    ['tags', 'Transport'],
    ['the newsletter prompt', 'morning briefing'],
    ['comments', 'my commute has been a nightmare'],
    ['the most-read list', 'Storm warning'],
    ['the site footer', 'All rights reserved'],
    ['the headline, which goes to headlines', 'six-month repair'],
    ['the caption', 'at dawn on Friday'],
  ])('drops %s', (_what, text) => {
    expect(body).not.toContain(text);
  });

  test('reads the headline and byline from the page head', () => {
    expect(envelope.ninjs.headlines?.[0]?.value).toBe('Harbour bridge reopens after six-month repair');
    expect(envelope.ninjs.by).toBe('Dana Whitfield');
  });

  test('the text/html body is the same story with its markup', () => {
    const html = htmlBody(envelope);
    expect(html).toContain('<h2>Cost overrun</h2>');
    expect(html.match(/<p>/g)).toHaveLength(6);
    expect(html).not.toMatch(/Advertisement|<script|Share on/);
  });
});

describe('JSON-LD articleBody as a hint', () => {
  test('text the publisher\'s articleBody does not carry is left out, even long paragraphs beside the article', () => {
    const { envelope } = runFixture('html/json-ld-article.html');
    expect(paragraphsOf(envelope)).toEqual([
      "Apple growers in the upper valley lost as much as half of their blossom to a late frost on Tuesday night, according to a survey by the growers' cooperative.",
      'The cold snap arrived after three weeks of mild weather had brought the trees into early flower.',
      'Cooperative chair Elin Brandt said smaller orchards without frost fans were hit hardest.',
      'Insurers have begun sending assessors to the worst affected farms.',
    ]);
    expect(envelope.ninjs.headlines?.[0]?.value).toBe('Orchard growers count frost losses');
  });
});

describe('an article split over several divs', () => {
  test('every part is kept and the promo between them is not', () => {
    const { envelope } = runFixture('html/split-article.html');
    const paragraphs = paragraphsOf(envelope);
    expect(paragraphs).toHaveLength(5);
    expect(paragraphs[0]).toMatch(/^The central library will stay open/);
    expect(paragraphs[4]).toBe('The council will review the change next spring, when it sets the budget for the following year.');
    expect(envelope.ninjs.bodies[0]!.value).not.toMatch(/Subscribe|Terms|Eastside News/);
  });
});

describe('a page with no article', () => {
  test('fails as NO_CONTENT and says why', () => {
    expect(() => runFixture('html/no-article.html')).toThrow(PermanentError);
    expect(() => runFixture('html/no-article.html')).toThrow(/no article: no part of the page reads as an article/);
  });
});

describe('the text/html body is sanitized', () => {
  const page = `<!DOCTYPE html><html><head><title>Quay works</title></head><body><article>
    <p onclick="steal()">The quay works began on Monday <a href="javascript:alert(1)">after a delay</a> of two weeks, and the harbour master said the <a href="https://example.org/plan" onmouseover="x()">published plan</a> would hold.</p>
    <p style="color:red">Crews will work <img src="x.png" onerror="steal()"> through the night <script>document.cookie</script>to finish the first berth before the spring ferry timetable starts.</p>
    <p>The council <iframe src="https://evil.example/"></iframe>expects the work to cost <style>p{display:block}</style>less than the budget set aside in the autumn, a spokesman said.</p>
    <p>Local businesses <object data="x.swf"></object>have been told that deliveries by road will not be affected while the work goes on.</p>
  </article></body></html>`;
  const { envelope } = runText(page, 'quay.html');
  const html = htmlBody(envelope);

  test('keeps the story and safe links', () => {
    expect(html).toContain('<a href="https://example.org/plan">published plan</a>');
    expect(envelope.ninjs.bodies[0]!.value).toContain('The quay works began on Monday after a delay of two weeks');
  });

  test.each([['script', /<script|document\.cookie/], ['style', /<style|style=|display:block/], ['event handlers', /\bon[a-z]+=/i], ['iframes and objects', /<iframe|<object|evil\.example/], ['javascript: URLs', /javascript:/i]])(
    'removes %s',
    (_what, pattern) => {
      expect(html).not.toMatch(pattern);
    },
  );
});

describe('hostile structure', () => {
  test('10,000 levels of nesting extract cleanly', () => {
    const text = 'The ferry service will resume on Saturday after the storm damaged the landing stage, the operator said in a statement on Thursday evening.';
    const page = `<!DOCTYPE html><html><body>${'<div>'.repeat(10000)}<p>${text}</p>${'</div>'.repeat(10000)}</body></html>`;
    const { envelope } = runText(page, 'deep.html');
    expect(envelope.ninjs.bodies[0]!.value).toBe(text);
  });

  test('10,000 levels of inline nesting inside a paragraph do not crash the sanitizer', () => {
    const text = 'Harbour dues will rise by three percent from April, the port authority said, the first increase in four years.';
    const page = `<!DOCTYPE html><html><body><p>${'<span>'.repeat(10000)}${text}${'</span>'.repeat(10000)}</p></body></html>`;
    const { envelope } = runText(page, 'deep-inline.html');
    expect(envelope.ninjs.bodies[0]!.value).toBe(text);
  });
});

describe('the raw-text scanner', () => {
  test('drops comments, scripts and styles but not text that only looks like them', () => {
    const { html, jsonLd } = stripRawText(
      '<p title="a <script> b">one</p><!-- <p>hidden</p> --><script>if (a < b) x("</p>")</script><style>p{}</style><script type="application/ld+json">{"a":1}</script><textarea><script></textarea><p>two</p>',
    );
    expect(html).toBe('<p title="a <script> b">one</p><textarea><script></textarea><p>two</p>');
    expect(jsonLd).toEqual(['{"a":1}']);
  });

  test("cuts a UTF-8 page's bytes where it cuts the decoded text, whatever the characters around the cuts", () => {
    const page =
      '<!DOCTYPE html><html><head><title>Café “news”</title><script>var s = "naïve — </p>";</script>' +
      '<script type="application/ld+json">{"headline":"Überraschung in Zürich"}</script><style>p::after{content:"→"}</style></head>' +
      '<body><!-- é --><p>Ünïcödé text — with ’quotes’</p><svg><text>✓</text></svg><p>日本語 and 🦆</p></body></html>';
    const bytes = Buffer.from(page, 'utf8');
    expect(stripRawUtf8(bytes, (b) => b.toString('utf8'))).toEqual(stripRawText(page));
    expect(stripRawText(page).jsonLd).toEqual(['{"headline":"Überraschung in Zürich"}']);
    expect(stripRawText(page).html).not.toContain('naïve');
  });

  test('a UTF-8 page read from its bytes gives the story of its decoded text', () => {
    const page =
      '\ufeff \r\n<!doctype html>\r\n<html><head><title>Wharf “reopens”</title><script>var note = "é </div>";</script>' +
      '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Wharf reopens after repairs to the pier","articleBody":"' +
      'The wharf at Søndre Havn reopened on Monday after three weeks of repairs, the harbour authority said. '.repeat(3) +
      '"}</script></head><body><nav><a href="/">Home</a></nav><article><h1>Wharf reopens after repairs to the pier</h1>' +
      '<p>The wharf at Søndre Havn reopened on Monday after three weeks of repairs, the harbour authority said.</p>\r\n' +
      '<p>Ferries to the islands — “all of them,” a spokesman said — run on the summer timetable again.</p></article></body></html>';
    const bytes = Buffer.from(page, 'utf8');
    const story = parseInput(bytes, { fileName: 'wharf.html', maxBytes: 1 << 20 });
    expect(story).toEqual(parseHtml(decodeBytes(bytes).text));
    expect(story.blocks.map((b) => b.text).join('\n')).toContain('Søndre Havn');
    // the same page in Windows-1252 is decoded first, and reads the same
    const legacy = iconv.encode(page.slice(1).replace('<html>', '<html><meta charset="windows-1252">').replace(/[^\u0000-\u00ff“”—]/gu, ''), 'windows-1252');
    expect(parseInput(legacy, { fileName: 'wharf.html', maxBytes: 1 << 20 }).blocks.map((b) => b.text).join('\n')).toContain('“all of them,”');
  });

  test('only ASCII white space ends a raw-text element, as in the HTML spec', () => {
    // U+00A0 is white space to a regular expression's \s, not to an HTML tokenizer
    expect(stripRawText('<script>a</script\u00a0><p>kept</p></script><p>after</p>').html).toBe('<p>after</p>');
    expect(stripRawText('<script>a</script\t><p>kept</p>').html).toBe('<p>kept</p>');
  });

  test('hidden elements and furniture are reported with a reason', () => {
    const { tree, jsonLd } = parseHtmlTree(
      `<html><body><nav><a href="/">Home</a></nav><div class="content"><p>${'The ferry resumed on Saturday. '.repeat(6)}</p><p hidden>Secret text that is hidden.</p><div class="share-tools"><a href="/s">Share this</a></div></div></body></html>`,
    );
    const extraction = extractArticle(tree, { jsonLd });
    expect(extraction.blocks.filter((b) => !b.dropped).map((b) => b.text)).toEqual(['The ferry resumed on Saturday. '.repeat(6).trim()]);
    expect(extraction.blocks.map((b) => b.dropped)).toEqual(['<nav>', undefined, 'class/id "share"']);
  });
});

describe('blocks the way old and data-heavy pages write them', () => {
  const extract = (body: string, head = '') => {
    const { tree, jsonLd } = parseHtmlTree(`<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`);
    return extractArticle(tree, { jsonLd });
  };
  const kept = (x: ReturnType<typeof extract>) => x.blocks.filter((b) => !b.dropped).map((b) => b.text);

  test('<br><br> separates paragraphs written without <p>', () => {
    const x = extract(
      '<div class="story">The ferry returned to service on Monday after three weeks of repairs to the northern pier.<br><br>Engineers replaced most of the damaged pilings, the harbour authority said in a statement.<br>It thanked passengers for their patience.</div>',
    );
    expect(kept(x)).toEqual([
      'The ferry returned to service on Monday after three weeks of repairs to the northern pier.',
      'Engineers replaced most of the damaged pilings, the harbour authority said in a statement. It thanked passengers for their patience.',
    ]);
  });

  test('a data table inside the story reads one line per row', () => {
    const x = extract(
      `<article><p>${'The harbour authority published the week\'s figures on Friday, showing a rise in traffic. '.repeat(2)}</p><table><tr><th>Berth</th><th>Ships</th></tr><tr><td>North</td><td>12</td></tr><tr><td>South</td><td>9</td></tr></table></article>`,
    );
    expect(kept(x).slice(1)).toEqual(['Berth Ships', 'North 12', 'South 9']);
  });

  test('link-led teasers above the headline are not the story', () => {
    const para = (n: number) => `<p>Paragraph ${n} of the story about the ferry, long enough to read as text and with no links in it at all.</p>`;
    const x = extract(
      `<div class="col"><ul>${[1, 2, 3].map((n) => `<li><a href="/t${n}">Teaser headline number ${n} for another story</a> A summary of that other story, which runs to a sentence or two of text.</li>`).join('')}</ul><h1>Ferry returns to service</h1>${para(1)}${para(2)}${para(3)}</div>`,
      '<meta property="og:title" content="Ferry returns to service">',
    );
    expect(kept(x)).toEqual([1, 2, 3].map((n) => `Paragraph ${n} of the story about the ferry, long enough to read as text and with no links in it at all.`));
    expect(x.blocks.filter((b) => b.dropped === 'a teaser before the headline')).toHaveLength(3);
  });
});

describe('detachedCopy', () => {
  it('gives back an equal string, whatever its length', () => {
    const page = `<div class="article-body-container main">${'x'.repeat(200)}</div>`;
    const name = page.slice(12, 39);
    expect(detachedCopy(name)).toBe('article-body-container main');
    expect(detachedCopy('')).toBe('');
    expect(detachedCopy('ſ')).toBe('ſ');
  });
});
