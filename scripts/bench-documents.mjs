// Synthetic news documents for `npm run bench`: invented places, people and events from our own templates
// (never corpus text), about 4 KB each, in three shapes copydesk reads: scraped plain text with page
// boilerplate, scraped HTML pages, and NITF wire copy. Deterministic for a given seed.

/** mulberry32: a small seeded PRNG, so two runs of the benchmark see the same documents. */
export function randomFrom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Marta', 'Tomas', 'Ines', 'Kwame', 'Hana', 'Oskar', 'Leila', 'Ravi', 'Sofia', 'Daniel', 'Amara', 'Yusuf', 'Elena', 'Pieter', 'Mei', 'Jonas', 'Farah', 'Lucas', 'Nadia', 'Teodor', 'Aiko', 'Bruno', 'Carmen', 'Emeka'];
const LAST = ['Oyelaran', 'Lindqvist', 'Carvalho', 'Mensah', 'Novak', 'Brandt', 'Haddad', 'Iyer', 'Moretti', 'Okafor', 'Halvorsen', 'Tanaka', 'Duarte', 'Kowalczyk', 'Achebe', 'Varga', 'Sorensen', 'Petrov', 'Ferreira', 'Nakamura', 'Osei', 'Bianchi', 'Larsen', 'Quispe'];
const PLACES = ['Portvale', 'Riverton', 'Eastmoor', 'Kellsby', 'Marrowgate', 'Silverlake', 'Northam Bay', 'Ashford Cross', 'Tollbridge', 'Greywater', 'Fenwick', 'Oldcastle', 'Brightmouth', 'Halden', 'Crestfield', 'Lowmere'];
const COUNTRIES = ['Norland', 'Vestria', 'the Republic of Calder', 'Ostmark', 'Meridia', 'Sundara', 'Kalevia', 'Arvoria'];
const ORGS = ['the Harbour Authority', 'the Transport Ministry', 'Northam Energy', 'the Regional Health Board', 'Calder Steelworks', 'the University of Riverton', 'the Farmers Union', 'Vestrian Rail', 'the Central Bank', 'Meridia Telecom', 'the Port Workers Guild', 'the Coast Guard'];
const ROLES = ['the mayor', 'a council spokeswoman', 'the deputy fire chief', 'the finance minister', 'a union leader', 'the chief executive', 'a senior economist', 'the police commissioner', 'a local shop owner', 'the head coach', 'a hospital director', 'a retired teacher'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const AGENCIES = ['Example Wire', 'Northern Press', 'Coastal News Service'];

const TOPICS = [
  {
    head: ['Fire destroys {n} warehouses on {place} harbour front', 'Crews battle overnight blaze in {place}', '{place} fire forces evacuation of {n} homes'],
    facts: [
      'Fire crews spent the night battling a blaze that destroyed {n} warehouses near the harbour, officials said {day}.',
      'The flames were first reported shortly after {h} p.m. and {n2} firefighters from {n} stations were called in to contain them.',
      'No injuries were reported, but {n} workers were treated for smoke inhalation, according to {org}.',
      'The cause of the fire is under investigation, and police have asked anyone with footage from the area to contact them.',
      'Residents of {n2} nearby homes were allowed to return on {day} morning once the smoke had cleared.',
      'It was the {ord} large fire in the district this year, and the third since the new storage rules came into force.',
    ],
  },
  {
    head: ['{place} council votes {n}-{n3} for new bridge', 'Council backs {money} plan for {place} river crossing', 'Bridge vote splits {place} council'],
    facts: [
      'The town council voted {n}-{n3} on {day} for a new bridge across the river, ending a debate that has lasted {n} years.',
      'The project is expected to cost {money} and works are to start in the spring, {role} said after the vote.',
      '{org} will pay roughly a third of the cost, with the rest coming from a regional fund and local borrowing.',
      'Opponents say the money would be better spent repairing the {n2} roads that flood every winter.',
      'Shop owners on the old crossing fear that traffic will bypass the town centre once the bridge opens.',
      'A public consultation drew more than {n4} written responses, most of them in favour of the plan.',
    ],
  },
  {
    head: ['{country} and {country2} agree to resume trade talks', 'Trade talks between {country} and {country2} to restart in {place}', 'Ministers promise tariff cuts after {place} meeting'],
    facts: [
      'Trade ministers from {country} and {country2} agreed on {day} to resume talks that broke down {n} months ago.',
      'The two sides will meet again in {place} next month to discuss tariffs on steel, grain and machinery.',
      'Exports between the two countries fell by {pct} percent last year, according to figures from {org}.',
      '{role} said the agreement was a first step and warned that difficult questions remained on farm subsidies.',
      'Business groups welcomed the news, saying the dispute had cost exporters about {money} in lost orders.',
      'Neither side gave a date for a final deal, and officials said the talks could last well into next year.',
    ],
  },
  {
    head: ['{org2} profit rises {pct}% on strong demand', '{org2} beats forecasts, shares jump', '{org2} to cut {n4} jobs despite higher profit'],
    facts: [
      '{org2} reported a {pct} percent rise in quarterly profit on {day}, helped by strong demand in its home market.',
      'Revenue climbed to {money}, ahead of the average analyst forecast, the company said in a statement.',
      'The chief executive said the company would keep investing in new plants despite rising borrowing costs.',
      'Shares in the company rose {pct2} percent in early trading in {place} before paring some of their gains.',
      'The company also said it would cut about {n4} jobs over the next {n} years as it closes older sites.',
      'Analysts at {org} said the results showed the firm had weathered the slowdown better than its rivals.',
    ],
  },
  {
    head: ['Storm brings floods and power cuts to {place}', 'Thousands without power as storm hits {country}', 'Heavy rain closes roads around {place}'],
    facts: [
      'A storm swept across the coast on {day}, flooding streets in {place} and cutting power to about {n4} homes.',
      'Forecasters said up to {n2} millimetres of rain fell in twelve hours, the most since records began in the area.',
      '{org} said crews were working to restore power and expected most homes to be reconnected by the evening.',
      'Several roads were closed and rail services between {place} and {place2} were suspended for the day.',
      'Schools in the district stayed shut, and officials urged people not to travel unless it was necessary.',
      'The weather service expects the rain to ease on {day2}, but warned of strong winds along the coast.',
    ],
  },
  {
    head: ['{place} United win {n}-{n3} to reach cup final', 'Late goal sends {place} into final', '{place} coach hails comeback win'],
    facts: [
      '{place} United reached the cup final with a {n}-{n3} win over {place2} on {day} night in front of {n4} fans.',
      'The visitors led at half-time, but two goals in the last {n2} minutes turned the match around.',
      '{role} said the players had shown great character after a difficult start to the season.',
      'The final will be played next month in {place2}, the first time the club has reached it in {n2} years.',
      'Ticket sales opened on {day2} and the club said it expected demand to far outstrip the allocation.',
      'The defeated side will now focus on the league, where it sits {ord} with {n} games left to play.',
    ],
  },
  {
    head: ['Court hears appeal in {place} land case', 'Judge delays ruling on {place} port expansion', 'Residents win right to challenge {org2} plan'],
    facts: [
      'A court in {place} began hearing an appeal on {day} against plans to expand the port onto public land.',
      'Lawyers for the residents argued that the consultation had been too short and ignored the impact on wildlife.',
      '{org} said the expansion would bring about {n4} jobs and was vital for the region economy.',
      'The judge said a ruling was not expected before the end of the month and asked both sides for further evidence.',
      'Outside the court, about {n2} protesters held banners calling for the project to be scrapped.',
      'The case is being closely watched by other coastal towns facing similar plans from {org2}.',
    ],
  },
  {
    head: ['Researchers find new species in {country} forest', '{place} scientists report breakthrough in battery study', 'Study links air quality to school results in {place}'],
    facts: [
      'Researchers at the University of {place} said on {day} they had identified a new species during a survey of the forest.',
      'The team spent {n} months in the field and collected more than {n4} samples, according to the study published this week.',
      '{role} said the finding showed how little was still known about the region and called for more funding.',
      'The study was carried out with help from {org} and volunteers from {n2} local schools.',
      'Other scientists cautioned that the results would need to be repeated before firm conclusions could be drawn.',
      'The researchers plan to return next year with a larger team and new equipment.',
    ],
  },
];

const FILLER = [
  'Officials said more details would be released in the coming days.',
  'The announcement came after weeks of speculation in the local press.',
  'Similar measures were introduced in {place2} last year with mixed results.',
  'Critics said the decision had been rushed and called for an independent review.',
  'Figures published by {org} showed a steady rise over the past {n} years.',
  'The issue is expected to feature in the regional elections due next spring.',
  '{role} told reporters the situation was being monitored closely.',
  'Local businesses said they had not been consulted before the plan was announced.',
  'A spokesman for {org} declined to comment on the figures.',
  'The government has promised to publish a full report before the end of the year.',
];

const QUOTES = [
  '“We were lucky it was not worse, and we owe a great deal to the people who worked through the night,” {person} said.',
  '“This is a good day for {place}, but the hard work starts now,” {person} told reporters.',
  '“Nobody asked us what we thought, and that is the real problem here,” said {person}, {role}.',
  '“We will look at every option before we make a final decision,” {person} said in a statement.',
  '“It has been a long road, and I am proud of everyone involved,” said {person}.',
  '“The numbers speak for themselves,” {person} said. “We cannot afford to wait another year.”',
];

const PAGE_BOILERPLATE_TOP = ['Skip to main content', 'Menu', 'Subscribe now for unlimited access', 'Share this article', 'PHOTO: {person} speaks to reporters in {place} on {day}.'];
const PAGE_BOILERPLATE_MID = ['READ MORE: {headline2}', 'Advertisement', 'WATCH: Video from the scene in {place}', 'Sign up for our daily newsletter', 'Related: {headline2}'];
const PAGE_BOILERPLATE_END = ['Follow us on Twitter and Facebook for the latest news', '© 2026 The {place} Courier. All rights reserved.', 'Comments', 'Copyright 2026 {agency}. All rights reserved.', 'Report a typo', 'More from {place}'];

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function filler(rand, template, ctx) {
  const text = template.replace(/\{(\w+)\}/g, (_, key) => {
    switch (key) {
      case 'n': return String(2 + Math.floor(rand() * 9));
      case 'n2': return String(10 + Math.floor(rand() * 90));
      case 'n3': return String(Math.floor(rand() * 4));
      case 'n4': return (100 + Math.floor(rand() * 9900)).toLocaleString('en-GB');
      case 'pct': return String(2 + Math.floor(rand() * 30));
      case 'pct2': return (rand() * 9 + 0.5).toFixed(1);
      case 'money': return `${(rand() * 900 + 10).toFixed(1)} million ${pick(rand, ['euros', 'dollars', 'crowns'])}`;
      case 'h': return String(7 + Math.floor(rand() * 5));
      case 'ord': return pick(rand, ['second', 'third', 'fourth', 'fifth']);
      case 'day': return ctx.day;
      case 'day2': return pick(rand, DAYS);
      case 'place': return ctx.place;
      case 'place2': return pick(rand, PLACES.filter((p) => p !== ctx.place));
      case 'country': return ctx.country;
      case 'country2': return ctx.country2;
      case 'org': return pick(rand, ORGS);
      case 'org2': return ctx.org2;
      case 'role': return pick(rand, ROLES);
      case 'person': return `${pick(rand, FIRST)} ${pick(rand, LAST)}`;
      case 'agency': return ctx.agency;
      case 'headline2': return ctx.headline2;
      default: return key;
    }
  });
  return text[0].toUpperCase() + text.slice(1);
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One story's parts: headline, byline, dateline place and about `targetBytes` of paragraphs. */
export function storyParts(seed, targetBytes = 3600) {
  const rand = randomFrom(seed * 2654435761 + 1);
  const topic = pick(rand, TOPICS);
  const countries = [...COUNTRIES].sort(() => rand() - 0.5);
  const ctx = {
    day: pick(rand, DAYS),
    place: pick(rand, PLACES),
    country: countries[0],
    country2: countries[1],
    org2: pick(rand, ['Northam Energy', 'Calder Steelworks', 'Vestrian Rail', 'Meridia Telecom', 'Greywater Foods', 'Halden Shipping']),
    agency: pick(rand, AGENCIES),
  };
  ctx.headline2 = filler(rand, pick(rand, pick(rand, TOPICS).head), ctx);
  const headline = filler(rand, pick(rand, topic.head), ctx);
  const byline = `By ${pick(rand, FIRST)} ${pick(rand, LAST)}`;
  const paragraphs = [];
  const facts = [...topic.facts].sort(() => rand() - 0.5);
  paragraphs.push(`${ctx.place.toUpperCase()} (${ctx.agency}) – ${filler(rand, facts[0], ctx)}`);
  let size = paragraphs[0].length;
  for (let i = 1; size < targetBytes; i++) {
    const r = rand();
    const template = i < facts.length && r < 0.6 ? facts[i] : r < 0.8 ? pick(rand, QUOTES) : pick(rand, FILLER);
    // two or three sentences to a paragraph, as in wire copy
    let p = filler(rand, template, ctx);
    if (rand() < 0.5) p += ` ${filler(rand, pick(rand, FILLER), ctx)}`;
    paragraphs.push(p);
    size += p.length + 2;
  }
  return { rand, ctx, headline, byline, paragraphs };
}

/** A scraped page as plain text: the story with page boilerplate around and between its paragraphs. */
function plainText(seed) {
  const { rand, ctx, headline, byline, paragraphs } = storyParts(seed);
  const lines = [headline, byline, filler(rand, pick(rand, PAGE_BOILERPLATE_TOP), ctx)];
  paragraphs.forEach((p, i) => {
    lines.push(p);
    if (i === 3 || (i > 4 && rand() < 0.1)) lines.push(filler(rand, pick(rand, PAGE_BOILERPLATE_MID), ctx));
  });
  lines.push(filler(rand, pick(rand, PAGE_BOILERPLATE_END), ctx), filler(rand, pick(rand, PAGE_BOILERPLATE_END), ctx));
  return lines.join('\n') + '\n';
}

/** A scraped page as HTML: navigation, the article, a sidebar and a footer. */
function html(seed) {
  const { rand, ctx, headline, byline, paragraphs } = storyParts(seed, 3000);
  const body = paragraphs.map((p, i) => `<p>${escapeXml(p)}</p>${i === 2 ? `\n<aside class="related"><a href="/news/${seed}-related">${escapeXml(filler(rand, 'READ MORE: {headline2}', ctx))}</a></aside>` : ''}`).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(headline)} | The ${ctx.place} Courier</title>
<meta property="og:title" content="${escapeXml(headline)}"><meta name="author" content="${escapeXml(byline.slice(3))}"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/subscribe">Subscribe</a></nav>
<main><article><h1>${escapeXml(headline)}</h1><p class="byline">${escapeXml(byline)}</p>
${body}
</article></main>
<footer><p>Follow us on Twitter and Facebook for the latest news</p><p>© 2026 The ${ctx.place} Courier. All rights reserved.</p></footer>
</body></html>
`;
}

/** Wire copy as NITF, with a provider id and urgency. */
function nitf(seed) {
  const { rand, ctx, headline, byline, paragraphs } = storyParts(seed);
  const urgency = rand() < 0.05 ? 2 : 4 + Math.floor(rand() * 3);
  const date = new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 300 * 86400) * 1000).toISOString().replace(/[-:]|\.\d+/g, '');
  return `<?xml version="1.0" encoding="utf-8"?>
<nitf>
  <head>
    <title>${escapeXml(headline)}</title>
    <docdata management-status="usable">
      <doc-id id-string="BENCH.${seed}"/>
      <urgency ed-urg="${urgency}"/>
      <date.issue norm="${date}"/>
      <doc.copyright year="2026" holder="${escapeXml(ctx.agency)}"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>${escapeXml(headline)}</hl1></hedline>
      <byline>${escapeXml(byline)}</byline>
      <dateline><location>${escapeXml(ctx.place.toUpperCase())}</location></dateline>
    </body.head>
    <body.content>
${paragraphs.map((p) => `      <p>${escapeXml(p)}</p>`).join('\n')}
    </body.content>
  </body>
</nitf>
`;
}

/** Document number `i` of a benchmark run: half scraped text, three in ten HTML pages, one in five NITF. */
export function benchDocument(i, seed = 1) {
  const kind = i % 10;
  const s = seed * 1_000_003 + i;
  if (kind < 5) return { name: `story-${String(i).padStart(6, '0')}.txt`, content: plainText(s) };
  if (kind < 8) return { name: `page-${String(i).padStart(6, '0')}.html`, content: html(s) };
  return { name: `wire-${String(i).padStart(6, '0')}.xml`, content: nitf(s) };
}
