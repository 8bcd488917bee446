/**
 * What the tariff's legal notes say that its headings' words do not: rules a classifier applies
 * before it reads the subheadings. Each rule reads the description and returns hints — headings it
 * points to, query words to weigh up or down — with a note that explains itself.
 *
 * - Apparel (chapters 61 and 62): the garment names the heading; knitted or crocheted goes to 61,
 *   woven to 62; men's or boys' and women's or girls' have their own headings, and a garment that
 *   is neither is classified as women's (chapter 61 note 9, chapter 62 note 8); babies' garments
 *   have theirs.
 * - Fibres (section XI note 2): a textile of mixed fibres is classified as if of the fibre that
 *   predominates by weight; the others' words are weighed down.
 * - Plastics (chapter 39): the polymer names sellers and rulings use ("PVC", "polyethylene") are
 *   the tariff's "polymers of vinyl chloride", "polymers of ethylene".
 * - Organic chemicals (chapter 29): a systematic name says its function (ketone, alcohol,
 *   aldehyde, amine…), its halogens and its rings; the heading follows from them.
 */
import { fold } from '../../../kernel/text/fold.js';
import { terms } from './text.js';

export interface RuleHints {
  /** Headings (4 digits) → weight in (0, 1]. */
  readonly headings: ReadonlyMap<string, number>;
  /** Chapters (2 digits) → weight in (0, 1]: the material an article is made of. */
  readonly chapters: ReadonlyMap<string, number>;
  /** Stemmed query words → weight: added (or raised) when positive, multiplied when `damp`. */
  readonly boost: ReadonlyMap<string, number>;
  readonly damp: ReadonlySet<string>;
  /** The goods are parts, components or attachments of something (not the thing itself). */
  readonly parts: boolean;
  /** What fired, for the explanation. */
  readonly notes: readonly string[];
}

type Gender = 'men' | 'women';

/** Garment → headings: [knit men, knit women, woven men, woven women] (null: none there). */
const GARMENTS: readonly [RegExp, readonly [string | null, string | null, string | null, string | null]][] = [
  [
    /\btrack ?suits?\b|\bswim ?(?:suits?|wear|trunks)\b|\bbathing suits?\b|\bbikinis?\b|\bski[- ]?suits?\b|\bwetsuits?\b|\bjump ?suits?\b|\brompers?\b|\bcoveralls?\b/,
    ['6112', '6112', '6211', '6211'],
  ],
  [/\bsuits?\b|\bensembles?\b|\bblazers?\b|\bsport ?coats?\b/, ['6103', '6104', '6203', '6204']],
  [
    /\b(?:over)?coats?\b|\bcar ?coats?\b|\bcapes?\b|\bcloaks?\b|\bponchos?\b|\banoraks?\b|\bparkas?\b|\bwind ?(?:breakers?|cheaters?|jackets?)\b|\bski[- ]jackets?\b/,
    ['6101', '6102', '6201', '6202'],
  ],
  [/\bjackets?\b/, ['6101', '6102', '6201', '6202']],
  [
    /\bboxer shorts\b|\bunderpants\b|\bbriefs\b|\bboxers?\b|\bpant(?:ies|y)\b|\bpajamas?\b|\bpyjamas?\b|\bnight ?(?:shirts?|dress(?:es)?|gowns?)\b|\bbath ?robes?\b|\brobes?\b|\bdressing gowns?\b|\bnegligees?\b|\bpetticoats?\b|\bslips\b|\bloungewear\b|\bsleepwear\b/,
    ['6107', '6108', '6207', '6208'],
  ],
  [
    /\btrousers?\b|\bpants\b|\bslacks\b|\bjeans\b|\bshorts\b|\bshortalls?\b|\boveralls?\b|\bbreeches\b|\bjoggers?\b|\bsweatpants\b|\bcapris?\b|\bculottes?\b/,
    ['6103', '6104', '6203', '6204'],
  ],
  [/\bleggings?\b|\bdress(?:es)?\b|\bskirts?\b|\bskorts?\b|\bjumpers? dress\b/, [null, '6104', null, '6204']],
  [
    /\bt-?shirts?\b|\btshirts?\b|\btees?\b|\bsinglets?\b|\btank ?tops?\b|\bundershirts?\b|\bcamisoles?\b/,
    ['6109', '6109', '6205', '6206'],
  ],
  [/\bshirts?\b|\bpolos?\b|\bhenleys?\b/, ['6105', '6106', '6205', '6206']],
  [/\bblouses?\b|\btunics?\b/, [null, '6106', null, '6206']],
  [
    /\bsweaters?\b|\bpullovers?\b|\bcardigans?\b|\bsweatshirts?\b|\bhoodies?\b|\bhooded sweatshirts?\b|\bvests?\b|\bwaistcoats?\b|\bjumpers?\b/,
    ['6110', '6110', '6211', '6211'],
  ],
  [/\bgloves?\b|\bmittens?\b|\bmitts\b/, ['6116', '6116', '6216', '6216']],
  [/\bsocks?\b|\bstockings?\b|\btights\b|\bpanty ?hose\b|\bhosiery\b/, ['6115', '6115', null, null]],
  [
    /\bscarf\b|\bscarves\b|\bshawls?\b|\bmufflers?\b|\bmantillas?\b|\bveils?\b|\bbandanas?\b/,
    ['6117', '6117', '6214', '6214'],
  ],
  [/\bneck ?ties?\b|\bbow ?ties?\b|\bcravats?\b/, ['6117', '6117', '6215', '6215']],
  [
    /\bbras?\b|\bbrassieres?\b|\bgirdles?\b|\bcorsets?\b|\bsuspenders\b|\bgarters?\b|\bshapewear\b/,
    ['6212', '6212', '6212', '6212'],
  ],
];

/** The garment is the head phrase's last word(s): "dress shoes" are shoes. */
const GARMENTS_AT_END = GARMENTS.map(([re, h]) => [new RegExp(`(?:${re.source})\\W*$`), h] as const);

/** Within a garment heading, the subheadings' own words for the garment. */
const GARMENT_TYPES: readonly [RegExp, string][] = [
  [/\bboxers?\b|\bbriefs\b|\bunderpants\b|\bpant(?:ies|y)\b/, 'underpants briefs'],
  [
    /\bpajamas?\b|\bpyjamas?\b|\bnight ?(?:shirts?|dress(?:es)?|gowns?)\b/,
    'nightshirts pajamas nightdresses',
  ],
  [/\brobes?\b|\bbath ?robes?\b|\bdressing gowns?\b/, 'bathrobes dressing gowns'],
  [/\bslips\b|\bpetticoats?\b/, 'slips petticoats'],
  [/\btrack ?suits?\b/, 'track suits'],
  [/\bski[- ]?suits?\b/, 'ski suits'],
  [/\bswim|\bbathing suits?\b|\bbikinis?\b/, 'swimwear'],
  [/\bblazers?\b|\bsport ?coats?\b/, 'suit-type jackets blazers'],
  [/\bensembles?\b/, 'ensembles'],
  [/\bsuits?\b/, 'suits'],
  [/\bdress(?:es)?\b/, 'dresses'],
  [/\bskirts?\b|\bskorts?\b/, 'skirts divided skirts'],
  [/\boveralls?\b|\bshortalls?\b/, 'bib and brace overalls'],
  [
    /\btrousers?\b|\bpants\b|\bslacks\b|\bjeans\b|\bshorts\b|\bjoggers?\b|\bsweatpants\b|\bleggings?\b|\bcapris?\b/,
    'trousers breeches shorts',
  ],
];

const KNIT =
  /\bknit(?:ted)?\b|\bcrochet(?:ed)?\b|\bjersey\b|\binterlock\b|\btricot\b|\bfleece\b|\brib(?:bed)?[- ]knit\b|\bfrench terry\b|\bpique\b/;
const WOVEN =
  /\bwoven\b|\bpoplin\b|\btwill\b|\bdenim\b|\bchambray\b|\bcorduroy\b|\boxford cloth\b|\bflannel\b|\bsateen\b|\bchiffon\b/;
const BABY = /\bbab(?:y|ies)\b|\binfants?\b|\btoddlers?\b|\bnewborns?\b/;
const MEN = /\bmen\b|\bmens\b|\bman\b|\bboys?\b|\bmale\b|\bgentlemen\b/;
const WOMEN = /\bwomen\b|\bwomens\b|\bwoman\b|\bladies\b|\blady\b|\bgirls?\b|\bfemale\b|\bmaternity\b/;

/** Fibre groups in the order of their chapters (a tie goes to the later one), with the tariff's words. */
const FIBRES: readonly { readonly name: string; readonly words: RegExp; readonly tariff: string }[] = [
  { name: 'silk', words: /^silk$/, tariff: 'silk' },
  {
    name: 'wool or fine animal hair',
    words: /^(?:wool|woolen|woollen|lambswool|merino|cashmere|angora|mohair|alpaca|camel|yak|vicuna)$/,
    tariff: 'wool animal',
  },
  { name: 'cotton', words: /^cotton$/, tariff: 'cotton' },
  { name: 'flax', words: /^(?:linen|flax|ramie|hemp|jute)$/, tariff: 'flax' },
  {
    name: 'synthetic fibers',
    words:
      /^(?:polyester|nylon|polyamide|acrylic|modacrylic|spandex|elastane|lycra|polypropylene|olefin|aramid|polyurethane)$/,
    tariff: 'synthetic',
  },
  {
    name: 'artificial fibers',
    words: /^(?:rayon|viscose|modal|lyocell|tencel|acetate|triacetate|cupro|cuprammonium)$/,
    tariff: 'artificial',
  },
];

/** Polymer names → the tariff's words for them. */
const POLYMERS: readonly [RegExp, string][] = [
  [/\b(?:poly ?ethylene|ldpe|lldpe|hdpe)\b/, 'polymers of ethylene polyethylene'],
  [/\b(?:poly ?propylene|bopp)\b/, 'polymers of propylene polypropylene'],
  [/\b(?:poly ?styrene|xps)\b/, 'polymers of styrene polystyrene'],
  [/\b(?:poly ?vinyl chloride|pvc|vinyl)\b/, 'polymers of vinyl chloride'],
  [/\b(?:polyethylene terephthalate|petg)\b/, 'poly(ethylene terephthalate) polyesters'],
  [
    /\b(?:acrylonitrile butadiene styrene|abs)\b/,
    'acrylonitrile-butadiene-styrene (ABS) copolymers polymers of styrene',
  ],
  [/\b(?:ethylene vinyl acetate|eva|peva)\b/, 'ethylene-vinyl acetate copolymers polymers of ethylene'],
  [/\b(?:poly ?urethane|tpu)\b/, 'polyurethanes'],
  [/\b(?:poly ?carbonate)\b/, 'polycarbonates'],
  [/\b(?:pmma|plexiglass?|acrylic glass)\b/, 'poly(methyl methacrylate) acrylic polymers'],
  [/\b(?:ptfe|teflon|fluoropolymers?)\b/, 'polytetrafluoroethylene fluoropolymers'],
  [/\b(?:nylon|polyamide)\b/, 'polyamides'],
  [/\b(?:silicone)\b/, 'silicones in primary forms'],
];

/**
 * Morphemes of systematic organic names → the tariff's words and the function's headings
 * (chapter 29). A compound with several functions goes to the heading that comes last (note 3).
 */
const CHEMICAL: readonly [RegExp, string, readonly string[]][] = [
  [/(?:fluor|chlor|brom|iod)/, 'halogenated derivatives', ['2903']],
  [/(?:ol$|anol|alcohol)/, 'alcohols', ['2905', '2906']],
  [/(?:phenol|cresol|naphthol)/, 'phenols', ['2907']],
  [/(?:ether|phenoxy|methoxy|ethoxy)/, 'ethers', ['2909']],
  [/(?:epoxy|oxiran|epoxide)/, 'epoxides', ['2910']],
  [/(?:aldehyde|formyl|al$)/, 'aldehyde-function compounds aldehydes', ['2912']],
  [/(?:one$|ketone|quinone)/, 'ketone-function compounds ketones', ['2914']],
  [/(?:oic|carboxyl|acid)/, 'carboxylic acids', ['2915', '2916', '2917', '2918']],
  [/(?:ate$|ester)/, 'esters', []],
  [/(?:amine|anilin|toluidin)/, 'amine-function compounds', ['2921']],
  [/amino/, 'oxygen-function amino-compounds', ['2921', '2922']],
  [/(?:amide|amido|urea)/, 'carboxyamide-function compounds amides', ['2924']],
  [/(?:nitrile|cyano)/, 'nitrile-function compounds', ['2926']],
  [/nitr(?!il)/, 'nitrated nitrosated derivatives', []],
  [/(?:sulf|sulph|thio|mercapto)/, 'organo-sulfur compounds', ['2930']],
  [/(?:silane|siloxane|silyl|phosphon)/, 'organo-inorganic compounds', ['2931']],
  [
    /(?:furan|pyran|lactone|dioxol|coumarin)/,
    'heterocyclic compounds with oxygen hetero-atom(s) only',
    ['2932'],
  ],
  [
    /(?:pyrid|piperid|piperaz|pyrimid|triazin|imidazol|pyrazol|quinol|indol|azepin|pyrrol|lactam|carbazol|triazol)/,
    'heterocyclic compounds with nitrogen hetero-atom(s) only',
    ['2933'],
  ],
  [/(?:thiazol|thiophen|oxazol|thiazin|morpholin)/, 'other heterocyclic compounds', ['2934']],
  [/sulfonamide|sulphonamide/, 'sulfonamides', ['2935']],
];
/** A word is a systematic chemical name when it is long and built of these. */
const CHEMICAL_WORD =
  /(?:methyl|ethyl|propyl|butyl|phenyl|benz|chlor|fluor|brom|hydr|oxy|amino|nitro|sulf|acet|carbox|cyclo|hex|pent|tetra|tri|di)/;

/** Parts: the goods are named as parts, components, attachments of something else. */
const PARTS = /\b(?:parts?|components?|attachments?|sub-?assembl(?:y|ies)|spares?|spare parts|replacement)\b/;

/**
 * Materials → the chapter of articles of that material and its heading for other articles
 * (sections VII–XV: an article not named elsewhere goes with its material). Machines and
 * instruments are not (section XV note 1, section XVI): the learned ranker weighs this against the
 * rest.
 */
const MATERIALS: readonly [RegExp, string, string][] = [
  [/\b(?:stainless steel|steel|cast iron|iron|wrought iron)\b/, '73', '7326'],
  [/\b(?:aluminum|aluminium)\b/, '76', '7616'],
  [/\b(?:copper|brass|bronze)\b/, '74', '7419'],
  [/\bzinc\b/, '79', '7907'],
  [/\bnickel\b/, '75', '7508'],
  [
    /\b(?:plastics?|polyethylene|polypropylene|polystyrene|pvc|acrylic|polycarbonate|abs|resin|vinyl|polyurethane|nylon)\b/,
    '39',
    '3926',
  ],
  [/\b(?:rubber|silicone rubber|neoprene|latex)\b/, '40', '4016'],
  [/\bleather\b/, '42', '4205'],
  [/\b(?:wood|wooden|bamboo|plywood|mdf|oak|pine|walnut|birch)\b/, '44', '4421'],
  [/\b(?:paper|cardboard|paperboard|corrugated)\b/, '48', '4823'],
  [/\b(?:glass|crystal|borosilicate)\b/, '70', '7020'],
  [/\b(?:ceramic|porcelain|stoneware|earthenware|terracotta|bone china)\b/, '69', '6914'],
  [/\b(?:stone|marble|granite|slate|concrete|cement)\b/, '68', '6815'],
  [/\b(?:textile|fabric|felt|canvas|polyester|cotton|nonwoven)\b/, '63', '6307'],
  [/\b(?:gold|silver|sterling|platinum)\b/, '71', '7114'],
];
const MADE_OF =
  /\b(?:made (?:of|from)|constructed (?:of|from)|composed of|manufactured from|consisting of)\s+([a-z% -]{0,60})/;

/** Accessories of the vehicle they are for. */
const FOR_VEHICLE =
  /\b(?:motor vehicles?|cars?|trucks?|automotive|automobiles?|suvs?|pick-?up trucks?|vans?|trailer hitch)\b/;
const VEHICLE_ITSELF = /\b(?:cars?|trucks?|vehicles?|automobiles?|vans?|buses|bus)\s*$/;

/** The rules' hints for a description. */
export function tariffHints(description: string, head: string): RuleHints {
  const text = fold(description.slice(0, 2000))
    .replace(/['’]s\b/g, 's')
    .replace(/(\d)\s*(?:%|percent\b)/g, '$1%')
    .replace(/[^a-z0-9%.\s-]+/g, ' ');
  const headText = fold(head).replace(/['’]s\b/g, 's');
  const headings = new Map<string, number>();
  const chapters = new Map<string, number>();
  const boost = new Map<string, number>();
  const damp = new Set<string>();
  const notes: string[] = [];
  const vote = (h: string | null, w: number) => {
    if (h !== null) headings.set(h, Math.min(1, (headings.get(h) ?? 0) + w));
  };

  // Apparel: the garment that ends the head phrase.
  const garment = GARMENTS_AT_END.find(([re]) => re.test(headText.trim()));
  if (garment) {
    const knit = KNIT.test(text);
    const woven = !knit && WOVEN.test(text);
    const genders: Gender[] = [];
    if (MEN.test(text)) genders.push('men');
    if (WOMEN.test(text) || genders.length === 0) genders.push('women');
    const baby = BABY.test(text);
    const [km, kw, wm, ww] = garment[1];
    const kinds: ['knit' | 'woven', number][] = knit
      ? [['knit', 1]]
      : woven
        ? [['woven', 1]]
        : [
            ['knit', 0.5],
            ['woven', 0.5],
          ];
    for (const [kind, wk] of kinds) {
      if (baby) {
        vote(kind === 'knit' ? '6111' : '6209', wk);
        continue;
      }
      for (const g of genders) {
        const h = kind === 'knit' ? (g === 'men' ? km : kw) : g === 'men' ? wm : ww;
        vote(h ?? (kind === 'knit' ? (km ?? kw) : (wm ?? ww)), wk / genders.length);
      }
    }
    const type = GARMENT_TYPES.find(([re]) => re.test(headText));
    if (type) for (const t of terms(type[1])) boost.set(t, 1.5);
    notes.push(
      `apparel: ${baby ? "babies' " : ''}${genders.join(' or ')}'s garment, ${knit ? 'knitted or crocheted (chapter 61)' : woven ? 'woven (chapter 62)' : 'knitted or woven not said'} → ${[...headings.keys()].join(', ')}`,
    );
  }

  // Fibres: the one that predominates by weight.
  const shares = new Map<number, number>();
  const mentioned = new Set<number>();
  const words = text.split(/\s+/);
  words.forEach((w, i) => {
    const f = FIBRES.findIndex((x) => x.words.test(w));
    if (f < 0) return;
    mentioned.add(f);
    const pct =
      /^(\d{1,3}(?:\.\d+)?)%$/.exec(words[i - 1] ?? '') ?? /^(\d{1,3}(?:\.\d+)?)%$/.exec(words[i + 1] ?? '');
    if (pct) shares.set(f, (shares.get(f) ?? 0) + Number(pct[1]));
  });
  if (mentioned.size > 0 && (shares.size > 0 || mentioned.size === 1)) {
    let chief = mentioned.size === 1 ? [...mentioned][0]! : -1;
    for (const [f, v] of shares)
      if (chief < 0 || v > shares.get(chief)! || (v === shares.get(chief)! && f > chief)) chief = f;
    for (const t of terms(FIBRES[chief]!.tariff)) boost.set(t, 2);
    for (const f of mentioned) {
      if (f === chief) continue;
      for (const w of words) if (FIBRES[f]!.words.test(w)) for (const t of terms(w)) damp.add(t);
      for (const t of terms(FIBRES[f]!.tariff)) if (!boost.has(t)) damp.add(t);
    }
    notes.push(
      mentioned.size === 1
        ? `fibres: of ${FIBRES[chief]!.name}`
        : `fibres: ${FIBRES[chief]!.name} predominates by weight (section XI note 2)`,
    );
  }

  // Plastics (not in a garment: a nylon jacket is of synthetic fibres).
  for (const [re, tariff] of garment ? [] : POLYMERS) {
    if (!re.test(text)) continue;
    for (const t of terms(tariff)) if (!boost.has(t)) boost.set(t, 1);
    notes.push(`plastics: ${re.exec(text)![0]} → ${tariff}`);
  }

  // Organic chemicals: long systematic names.
  for (const w of words) {
    const name = w.replace(/[^a-z]/g, '');
    if (name.length < 10 || !CHEMICAL_WORD.test(name)) continue;
    const found = CHEMICAL.filter(([re]) => re.test(name));
    if (found.length === 0) continue;
    for (const [, tariff] of found) for (const t of terms(tariff)) if (!boost.has(t)) boost.set(t, 1);
    // The function that comes last: halogens alone make a halogenated hydrocarbon.
    const functional = found.filter(([, , h]) => h.length > 0 && h[0] !== '2903');
    const last = (functional.length > 0 ? functional : found).reduce<readonly string[]>(
      (best, [, , h]) => ((h[0] ?? '') > (best[0] ?? '') ? h : best),
      [],
    );
    for (const h of last) vote(h, 1 / last.length);
    notes.push(
      `chemistry: ${name} → ${found.map(([, t]) => t).join('; ')}${last.length ? ` → ${last.join(', ')} (chapter 29 note 3)` : ''}`,
    );
  }
  // Materials: in the head phrase ("steel racks") or after "made of".
  if (!garment) {
    const madeOf = MADE_OF.exec(text)?.[1] ?? '';
    for (const [re, chapter, residual] of MATERIALS) {
      const w = re.test(headText) ? 1 : re.test(madeOf) ? 0.7 : 0;
      if (w === 0 || w <= (chapters.get(chapter) ?? 0)) continue;
      chapters.set(chapter, w);
      vote(residual, 0.3 * w);
    }
    if (chapters.size > 0) {
      notes.push(`material: chapter ${[...chapters.keys()].join(', ')}; its other articles`);
    }
  }

  // Parts and accessories of motor vehicles (heading 8708) — not the vehicle itself.
  if (FOR_VEHICLE.test(text) && !VEHICLE_ITSELF.test(headText.trim()) && !garment) {
    vote('8708', 0.5);
    notes.push('for motor vehicles: parts and accessories, heading 8708');
  }
  const parts = PARTS.test(headText);
  if (parts) notes.push('parts: the parts subheadings of the article they are for');
  return { headings, chapters, boost, damp, parts, notes };
}
