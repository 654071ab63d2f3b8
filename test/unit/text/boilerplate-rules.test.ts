// The shipped rule file, line by line: each family catches the shapes it is for, and no rule ever touches an
// ordinary story paragraph. Lines are written for this test, in the style of scraped pages.
import path from 'node:path';
import { matchRule } from '../../../src/text/rules.js';
import { loadRules } from '../../../src/text/rule-file.js';

const { rules } = loadRules(path.resolve('config/rules/boilerplate.json'));
const ruleFor = (line: string, where: 'any' | 'leading' | 'trailing' = 'any') =>
  matchRule(
    rules.filter((r) => r.where === where),
    line,
    true,
  )?.id;

describe('shipped boilerplate rules', () => {
  it.each([
    ['https://www.example.org/2020/05/harbour-story', 'bare-url'],
    ['By Maria Lindqvist', 'byline-by'],
    ['Reporting by Tom Reeve; Editing by Ana Costa', 'reporting-editing'],
    ['Story continues below advertisement', 'advertisement'],
    ['Advertisement', 'advertisement'],
    ['Send this page to someone via email', 'share-prompt'],
    ['Sorry, we are not currently accepting comments on this article.', 'comment-prompt'],
    ['Follow Maria Lindqvist on Twitter @mlindqvist', 'follow-us'],
    ['Copyright 2031 The Harbour Wire. All rights reserved.', 'copyright-footer'],
    ['Sign up for our morning briefing', 'newsletter-prompt'],
    ['2:14 Ferry crews rehearse a night rescue – Mar 3, 2031', 'video-card'],
    ['(Pia Holm/Getty Images)', 'photo-credit'],
    ['Tides were higher than forecast pic.twitter.com/abc123XYZ', 'social-embed-tweet'],
    ['— Harbour Master (@harbourmaster) March 3, 2031', 'social-embed-tweet'],
    ['Related Posts:', 'read-more-link'],
    ['WATCH VIDEO:', 'watch-label'],
    ['Crews test the new pier at dawn in Harbourtown, May 4, 2031. REUTERS/Pia Holm', 'agency-photo-caption'],
    ['Slideshow (7 Images)', 'gallery-count'],
    ['Ferries are back:Harbour line adds night crossings for summer', 'glued-label-promo'],
    ['GRAPHIC: Where the tides rose fastest', 'caption-label'],
    ['Contributing: Pia Holm and Tom Reeve', 'contributor-credit'],
    ['Pia Holm is a reporter for The Harbour Wire. Follow her on Twitter at @piaholm.', 'author-bio'],
    ['Write to Tom Reeve at treeve@example.org.', 'contact-the-author'],
    ['Boating.com: 7 knots every skipper should know', 'site-promo'],
    ['View this post on Instagram A post shared by Harbour Life (@harbourlife)', 'instagram-embed'],
    ['Ferries wait at the north pier on Friday. (Pia Holm/Harbour Wire via Getty Images)', 'media-credit-suffix'],
    ['Tune in to Harbour Radio at 6 p.m. ET for live coverage', 'tune-in'],
    ['Download the Harbour Wire app for alerts', 'app-coverage-prompt'],
    ['(MORE: Ferry timetable changes for the winter)', 'related-promo'],
    ['(To support the harbour fund, click here)', 'click-here'],
    ['The video above was produced by Pia Holm and edited by Tom Reeve.', 'media-note'],
    ['Contributed by Tom Reeve', 'byline-by'],
    ['A scan of the new hull in an undated image. REUTERS/Harbour Institute/Handout', 'agency-photo-caption'],
    ['Crews repaint the lighthouse in Harbourtown, May 12, 2031.', 'dated-photo-caption'],
    ['A pilot boat waits at the quay in Harbourtown, Friday May 12, 2031.', 'dated-photo-caption'],
    ['Crews repaint the lighthouse in Harbourtown, May 12, 2031. Pia Holm/Harbour Wire', 'dated-caption-with-credit'],
    ['Divers inspect the hull in Harbourtown May 12, 2031. harbourphoto via REUTERS', 'dated-caption-with-credit'],
    ['Read the harbour master’s full letter below:', 'media-pointer'],
    ['The full inspection video can be viewed below.', 'media-pointer'],
    ['Also, I urgently need your financial support here.', 'reader-appeal'],
    ['Do you have questions about the new timetable? Please let us know in a message.', 'reader-appeal'],
    ['If you spot a bargain we missed, share it with us on Twitter at @harbourwire.', 'reader-appeal'],
    ['ALERT!', 'shouted-label'],
    ['Pia Holm joins the Harbour Hour show to talk about the storm season.', 'show-blurb'],
    ['Tom Reeve breaks down how the new ferry schedule will work.', 'show-blurb'],
    ['Join Pia Holm as she talks about the week at the harbour.', 'show-blurb'],
    ['Story', 'nav-word'],
    ['Here is the full report, brought to you by Harbour TV…', 'brought-to-you-by'],
    ['Pier Inspection Report by Pia Holm', 'document-embed-title'],
    ['HEAR HARBOUR MASTER P. HOLM (NORTH PIER) ON HARBOUR RADIO SATURDAY:', 'shouted-media-label'],
    ['What changes at the pier? What to expect as the ferries return', 'question-label-promo'],
    ['Picture of the flooded fish market with empty stalls (Harbour TV)', 'media-of-caption'],
    ['Harbour Trust: Learn more about the tides', 'partner-promo'],
    ['From the archives: How the old pier was built', 'related-promo'],
    ['Harbour Radio’s Pia Holm, Tom Reeve, Ana Costa, Lars Berg, Mia Lund and Ola Dahl contributed to this report.', 'contributor-credit'],
    ['Ferries return to the north pier originally appeared on harbourwire.example', 'originally-appeared'],
  ])('%s → %s', (line, id) => {
    expect(ruleFor(line)).toBe(id);
  });

  it('takes a short title line before the story as the headline, but not a sentence', () => {
    expect(ruleFor('Harbour ferry returns to service after storm repairs', 'leading')).toBe('leading-headline');
    expect(ruleFor('The ferry returned to service on Monday after three weeks of repairs.', 'leading')).toBeUndefined();
    expect(ruleFor('港のフェリーは月曜日に運航を再開した。', 'leading')).toBeUndefined();
  });

  it('takes generic author lines and shouted labels above the story', () => {
    expect(ruleFor('Staff', 'leading')).toBe('leading-staff-byline');
    // a line in capitals above the story is taken for its headline, not thrown away
    expect(ruleFor('PUTIN TO VISIT HARBOURTOWN', 'leading')).toBe('leading-headline');
    expect(ruleFor('‘The harbour will rise again from this storm’', 'leading')).toBe('leading-quoted-headline');
    expect(ruleFor('“We will rebuild the pier,” the mayor said.', 'leading')).toBeUndefined();
  });

  it('takes guest-author notes, source names and study citations from the trailing block only', () => {
    const bio = 'Dr. Pia Holm, a marine biologist at Harbour University, studies how storms move sand.';
    expect(ruleFor(bio, 'trailing')).toBe('contributor-bio');
    expect(ruleFor(bio)).toBeUndefined();
    expect(ruleFor('Harbour Life Blog', 'trailing')).toBe('trailing-source-name');
    expect(ruleFor('Journal of Harbour Medicine, online May 26, 2031.', 'trailing')).toBe('journal-citation');
  });

  it('takes production and syndication credits from the trailing block only', () => {
    expect(ruleFor('Harbour Nights is produced by Pia Holm and Tom Reeve.', 'trailing')).toBe('production-credit');
    expect(ruleFor('Delivered by The Harbour Wire', 'trailing')).toBe('delivered-by');
    expect(ruleFor('Harbour Nights is produced by Pia Holm and Tom Reeve.')).toBeUndefined();
  });

  it('keeps live-blog time stamps that are story text', () => {
    expect(ruleFor('11:45 a.m.: Harbour reopens to small boats')).toBeUndefined();
  });

  it('never removes an ordinary story paragraph, wherever it stands', () => {
    const sentences = [
      'The harbour authority said on Tuesday that repairs to the northern pier would take at least six more weeks.',
      '“We are doing everything we can to get the ferries running again,” said Pia Holm, who chairs the board.',
      'By the end of the week, engineers had replaced most of the damaged pilings, according to a statement.',
      'Share prices of the operator fell 4% after the announcement, and analysts at two banks cut their forecasts.',
      'Follow-up inspections found no further damage, but the coast guard asked boats to keep clear of the area.',
      'Copyright lawyers for the shipyard argued that the design could not be reused without permission.',
      'The board met again on Thursday and agreed to publish the full inspection report, dated May 12, 2031, next week.',
      'Here is a long-forgotten account, a 1978 conversation between a local reporter and two pilots, that explains the route.',
      'Do you have a licence for that boat? the inspector asked, and the skipper said he would show it later.',
      'The chairman joined the board in 2029 and said the program to talk about new routes would start soon.',
      'Photos shared online on Friday showed long queues at the north pier, where the ferry docked at noon:',
    ];
    for (let n = 1; n <= sentences.length; n++) {
      const paragraph = sentences.slice(0, n).join(' ');
      for (const where of ['any', 'leading', 'trailing'] as const) {
        expect({ paragraph, where, rule: ruleFor(paragraph, where) }).toEqual({ paragraph, where, rule: undefined });
      }
    }
  });
});
