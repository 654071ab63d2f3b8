// Context rules: boilerplate that only the neighbouring lines give away. Lines written for this test.
import { embeddedPostLines, isStartCaseTitle, promoListLines, repeatedQuoteLines, startCaseTitleLines } from '../../../src/text/context-rules.js';

const removedAt = (...indices: number[]) => (i: number) => indices.includes(i);

describe('embeddedPostLines', () => {
  const page = [
    'The harbour master urged sailors to stay ashore on Friday, as the storm reached the coast.',
    'She wrote on Twitter:',
    'Stay in port tonight. The swell at the north pier is over four metres.',
    'Check the harbour page before you sail.',
    '1/2 https://t.co/abcDEF123 — Harbour Master (@harbourmaster) March 3, 2031',
    'By the evening, most boats had returned to their moorings.',
  ];

  it('takes the lines above an attribution line up to the lead-in', () => {
    expect(embeddedPostLines(page, removedAt(4)).sort()).toEqual([2, 3]);
  });

  it('takes nothing when the attribution line was not removed by a line rule', () => {
    expect(embeddedPostLines(page, removedAt())).toEqual([]);
  });

  it('leaves the line above alone when the post carries its own words', () => {
    const self = ['Ferries will run again from Monday, the operator said.', 'Back on Monday! https://t.co/x1 — Harbour Ferries (@ferries) March 3, 2031'];
    expect(embeddedPostLines(self, removedAt(1))).toEqual([]);
  });

  it('never takes more than a post can hold', () => {
    const long = 'The storm, which forecasters had tracked for a week across the open sea, reached the coast late on Friday and pushed water over the harbour wall in three places, flooding the fish market, the ferry terminal and the car park, where dozens of cars were left standing in half a metre of water.';
    expect(embeddedPostLines([long, '— Harbour Master (@harbourmaster) March 3, 2031'], removedAt(1))).toEqual([]);
  });
});

describe('repeatedQuoteLines', () => {
  it('takes a line that repeats a quotation in the story', () => {
    const page = [
      'The mayor reacted within minutes.',
      '“This was reckless and it puts every crew at risk,” the mayor wrote on Friday, calling for an inquiry.',
      'This was reckless and it puts every crew at risk.',
      'The inquiry will start next month.',
    ];
    expect(repeatedQuoteLines(page, removedAt())).toEqual([2]);
  });

  it('keeps a paragraph that the page happens to show twice, and a quoted subheading', () => {
    const page = [
      'The mayor reacted within minutes.',
      'A report published in April outlines how the new pier will be financed and who pays for repairs.',
      '“In the wrong harbour at the wrong time”',
      'A report published in April outlines how the new pier will be financed and who pays for repairs. It was written by two engineers.',
      'One of the engineers said the boats were “in the wrong harbour at the wrong time” that night.',
    ];
    expect(repeatedQuoteLines(page, removedAt())).toEqual([]);
  });
});

describe('startCaseTitleLines', () => {
  const prose = 'The harbour authority said on Tuesday that repairs to the northern pier would take at least six more weeks, and that ferries would use the south pier until then.';

  it('tells a start-case video title from a headline-style subheading', () => {
    expect(isStartCaseTitle('Why The Harbour Wants You To Stay Off The Water')).toBe(true);
    expect(isStartCaseTitle('The Long Road Back for the Harbour Ferries')).toBe(false);
    expect(isStartCaseTitle('Ferries return to the north pier after storm repairs')).toBe(false);
  });

  it('takes such titles inside the story, never the page headline above it', () => {
    const page = ['Why The Harbour Wants You To Stay Off The Water', prose, 'Watch What The Storm Did To The Pier In One Night', prose];
    expect(startCaseTitleLines(page, removedAt())).toEqual([2]);
  });
});

describe('promoListLines', () => {
  it('takes a heading and its list of story links', () => {
    const page = [
      'The ferries ran again on Tuesday after three weeks of repairs to the north pier, the operator said.',
      'What to know about the storm:',
      'How it started and how to stay safe: Storm explained',
      'What to do if your boat is damaged: Insurance guide',
      'Tracking the surge along the coast: Flood map',
      '7:43 a.m.: Harbour reopens to small boats',
    ];
    expect(promoListLines(page, removedAt())).toEqual([1, 2, 3, 4]);
  });

  it('leaves a schedule or a short list in the story alone', () => {
    const page = ['The new timetable:', 'Monday: Ferries every hour', 'Tuesday: Ferries every two hours', 'Wednesday: No ferries'];
    expect(promoListLines(page, removedAt())).toEqual([]);
    const two = ['What to know:', 'How it started and how to stay safe: Storm explained', 'What to do if your boat is damaged: Insurance guide'];
    expect(promoListLines(two, removedAt())).toEqual([]);
  });
});

describe('a whole ordinary story through the pipeline', () => {
  it('loses no paragraph to any rule, pattern or context', async () => {
    const { runText } = await import('../../helpers/fixture-pipeline.js');
    const paragraphs = [
      'HARBOURTOWN — The harbour authority said on Tuesday that repairs to the northern pier would take at least six more weeks, and that ferries would use the south pier until then.',
      '“We are doing everything we can to get the ferries running again,” said Pia Holm, who chairs the board. “This was reckless and it puts every crew at risk.”',
      'This was reckless and it puts every crew at risk, the union replied in a statement of its own, and it asked for an inquiry into the storm warnings.',
      'The board met again on Thursday and agreed to publish the full inspection report, dated May 12, 2031, next week.',
      'Ferry crews who spoke to reporters said the night of the storm was the worst they had seen in twenty years on the route, with waves breaking over the harbour wall.',
      'The operator said timetables for the weekend would be published on Thursday, and that passengers with season tickets would get a refund for the weeks without service.',
    ];
    const { envelope } = runText(paragraphs.join('\n\n'), 'harbourwire__pier.txt');
    expect(envelope.removed).toEqual([]);
  });
});
