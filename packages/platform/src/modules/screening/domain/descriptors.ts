/**
 * Words that describe a party rather than name it: what kind of body it is ("organization",
 * "group", "movement", "brigades", "militants", "government"…) and where it is from ("Lebanese",
 * "Iraq", "Palestinian"…). Documents write listed names with them ("LEBANESE HEZBOLLAH GROUP"),
 * and ordinary company names are full of them ("Corsi Group"): they must neither hide a listed core
 * name nor make a match on their own. The score gives them a small fixed weight, and requires a
 * pair of core words (see score.ts).
 */
import { nearLegalForm } from './legal-forms.js';

/** The kind of body: organization words and their plurals. */
// prettier-ignore
const KIND_WORDS = (
  'organization organizations organisation organisations org group groups network networks ' +
  'movement movements brigade brigades battalion battalions militants militant militia militias ' +
  'government governments faction factions cell cells wing regime fighters insurgents insurgency ' +
  'terrorists terrorist extremists extremist rebels rebel outfit operatives'
).split(' ');

/**
 * The kind of business: the generic words of company names, in the languages of the lists and of
 * the filers ("TRADING", "IMPORT EXPORT", "HOLDING", "Handel", "Comercial", "Ticaret"…). They
 * describe what a company does, not which company it is.
 */
// prettier-ignore
const BUSINESS_WORDS = (
  'trading trade traders import export imports exports importers exporters general international ' +
  'intl global worldwide holding holdings industries industry industrial enterprise enterprises ' +
  'services service solutions technology technologies tech logistics shipping commercial commerce ' +
  'development management investment investments consulting manufacturing engineering ' +
  'construction products systems supply supplies distribution ventures resources partners ' +
  'associates sons brothers bros ' +
  'gruppe groupe grupo grup grupa groep handel logistik comercial comercio comercializadora ' +
  'importadora exportadora industria industrie industrias hermanos fratelli freres figli filhos ' +
  'ticaret sanayi'
).split(' ');

/** Countries (one-word names and the words of longer ones that mean nothing else). */
// prettier-ignore
const COUNTRY_WORDS = (
  'afghanistan albania algeria angola argentina armenia australia austria azerbaijan bahrain ' +
  'bangladesh belarus belgium belize benin bolivia bosnia botswana brazil bulgaria burma burundi ' +
  'cambodia cameroon canada chile china colombia congo croatia cuba cyprus czechia denmark ' +
  'djibouti ecuador egypt eritrea estonia ethiopia finland france gabon gambia germany ' +
  'ghana greece guatemala guinea haiti honduras hungary indonesia iran iraq ireland ' +
  'italy jamaica japan kazakhstan kenya korea kosovo kuwait kyrgyzstan laos latvia lebanon ' +
  'liberia libya lithuania macedonia madagascar malawi malaysia mali mauritania mexico moldova ' +
  'mongolia montenegro morocco mozambique myanmar namibia nepal netherlands nicaragua niger ' +
  'nigeria norway oman pakistan palestine panama paraguay peru philippines poland portugal qatar ' +
  'romania russia rwanda senegal serbia sierra singapore slovakia slovenia somalia spain ' +
  'sudan sweden switzerland syria taiwan tajikistan tanzania thailand togo tunisia turkey ' +
  'turkiye turkmenistan uganda ukraine uruguay uzbekistan venezuela vietnam yemen zambia zimbabwe ' +
  'usa uk uae ussr'
).split(' ');

/** Nationality and place adjectives, and regions that lists and news name. */
// prettier-ignore
const PLACE_ADJECTIVES = (
  'afghan albanian algerian american angolan arab arabian argentine armenian asian australian ' +
  'austrian azerbaijani azeri bahraini bangladeshi belarusian belgian bosnian brazilian british ' +
  'bulgarian burmese burundian cambodian cameroonian canadian chadian chechen chilean chinese ' +
  'colombian congolese croatian cuban cypriot czech danish dutch egyptian emirati eritrean ' +
  'estonian ethiopian european filipino finnish french gambian georgian german ghanaian greek ' +
  'guinean haitian hungarian indian indonesian iranian iraqi irish israeli italian ivorian ' +
  'japanese jordanian kazakh kenyan korean kosovar kurdish kuwaiti kyrgyz lao latvian lebanese ' +
  'liberian libyan lithuanian macedonian malagasy malaysian malian mauritanian mexican moldovan ' +
  'mongolian montenegrin moroccan mozambican nepalese nicaraguan nigerian nigerien norwegian ' +
  'omani pakistani palestinian panamanian peruvian polish portuguese qatari romanian russian ' +
  'rwandan saudi senegalese serbian slovak somali spanish sudanese swedish swiss syrian taiwanese ' +
  'tajik tanzanian thai tunisian turkish turkmen ugandan ukrainian uzbek venezuelan vietnamese ' +
  'yemeni zambian zimbabwean ' +
  'african caucasian levantine maghrebi sahelian balkan ' +
  'levant maghreb sahel caucasus balkans kurdistan gaza sinai'
).split(' ');

/** A word's class: a core word of the name, a kind-of-body word, or a place word. */
export const CORE = 0;
export const KIND = 1;
export const PLACE = 2;
export type WordClass = typeof CORE | typeof KIND | typeof PLACE;

const CLASS = new Map<string, WordClass>([
  ...KIND_WORDS.map((w) => [w, KIND] as const),
  ...BUSINESS_WORDS.map((w) => [w, KIND] as const),
  ...COUNTRY_WORDS.map((w) => [w, PLACE] as const),
  ...PLACE_ADJECTIVES.map((w) => [w, PLACE] as const),
]);

/** The class of one normalized word, out of context: a word a typo from a legal form describes. */
export const wordClass = (w: string): WordClass => CLASS.get(w) ?? (nearLegalForm(w) ? KIND : CORE);

/** Kind-of-body and business words say the party is an organization (for the type evidence). */
export const isKindWord = (w: string): boolean => CLASS.get(w) === KIND;

/**
 * The classes of a name's words. A name made only of descriptors ("LEBANESE TRADING GROUP";
 * "ISLAMIC STATE GROUP" and "M AND S TRADING" are not) is its own core: every word is core.
 */
export function wordClasses(tokens: readonly string[]): WordClass[] {
  const classes = tokens.map((t) => (t.length > 1 ? wordClass(t) : CORE));
  // A direction before a place is part of it ("NORTH KOREAN", "SOUTH SUDAN", "WEST AFRICAN").
  for (let i = classes.length - 2; i >= 0; i--) {
    if (classes[i + 1] === PLACE && DIRECTIONS.has(tokens[i]!)) classes[i] = PLACE;
  }
  return classes.includes(CORE) ? classes : classes.map(() => CORE);
}

const DIRECTIONS: ReadonlySet<string> = new Set(
  'north south east west northern southern eastern western central northeast northwest southeast southwest'.split(
    ' ',
  ),
);
