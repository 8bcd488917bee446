/**
 * Legal forms, as abbreviated and as spelled out, in the languages of the lists and the filers.
 * They neither create nor block a match; a word one typo away from one is a descriptor
 * ({@link nearLegalForm}).
 */
/** Legal forms: they neither create nor block a match. */
export const LEGAL_FORMS: ReadonlySet<string> = new Set(
  (
    'ltd limited llc inc incorporated corp corporation co company companies plc gmbh mbh ag kg kgaa ' +
    'sa sas sarl srl spa sl slu bv nv oy oyj ab as asa aps pte pty pvt llp lp lc jsc ojsc cjsc pjsc ' +
    'oao zao ooo pao ao tov fzco fze fzc fzllc dmcc sdn bhd tbk cv kft zrt sro spol sp zoo ' +
    'ltda eireli sac saic sae wll ' + // Latin-American, Egyptian, Gulf forms
    'ug ohg gbr ek eurl sasu snc sca lda vof pt sti tic doo eood ood ead sal psc bsc qsc saog ' +
    'saoc tnhh cia cie sprl bvba kk epp ' + // German, French, Iberian, Dutch, Indonesian, Turkish, Balkan, Arab, Vietnamese, Japanese forms
    // Legal forms spelled out: Russian and Ukrainian (OBSHCHESTVO S OGRANICHENNOI
    // OTVETSTVENNOSTYU, AKTSIONERNOE OBSHCHESTVO), English, Turkish, Spanish and Portuguese.
    'obshchestvo obschestvo obshestvo ogranichennoi ogranichennoy otvetstvennostyu ' +
    'otvetstvennostiu aktsionernoe aktsionernoye kompaniya tovarystvo obmezhenoyu ' +
    'vidpovidalnistyu liability sirketi anonim sociedad sociedade anonima limitada responsabilidad'
  ).split(' '),
);

/**
 * Words that are a legal form only beside one ("PUBLIC JOINT STOCK COMPANY", "OTKRYTOE
 * AKTSIONERNOE OBSHCHESTVO", "OBSHCHESTVO S OGRANICHENNOI…"): qualifiers before a legal form, and
 * the short words that join two.
 */
const BESIDE_LEGAL: ReadonlySet<string> = new Set(
  (
    'joint stock open closed public private otkrytoe otkrytoye zakrytoe zakrytoye publichnoe ' +
    'publichnoye nepublichnoe nepublichnoye s z ve cong ty'
  ).split(' '),
);

/**
 * Marks which words are legal forms: the legal forms (and one-typo misspellings of the long
 * ones), then, spreading from them, the words beside a legal form that are a qualifier or a
 * joining word, or a misspelling of a legal form or of one of those ("OPEN JOIgT STOCK COMPANY",
 * "JOINT SOCK COMPANY", "LIMITED LIABILITY OCrPANY").
 */
export function legalWords(words: readonly string[]): boolean[] {
  const legal = words.map((w) => LEGAL_FORMS.has(w) || misspeltLegalForm(w));
  // "JOINT STOCK" is a legal form on its own ("JOINT STOCK BANK X").
  for (let i = 0; i + 1 < words.length; i++) {
    if (words[i] === 'joint' && words[i + 1] === 'stock') legal[i] = legal[i + 1] = true;
  }
  if (!legal.includes(true)) return legal;
  const own = legal.slice();
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < words.length; i++) {
      if (legal[i] || !(legal[i - 1] || legal[i + 1])) continue;
      const w = words[i]!;
      if (BESIDE_LEGAL.has(w) || misspeltBeside(w)) {
        legal[i] = true;
        changed = true;
      }
    }
  }
  // The words beside a legal form never take the whole name ("Stock Co.", "Public Ltd").
  return legal.every(Boolean) ? own : legal;
}

/** Every string one edit (change, insertion, deletion, swap of neighbours) from one of `forms`. */
function oneEdit(
  forms: readonly string[],
  keep: (form: string, variant: string) => boolean = () => true,
): Set<string> {
  const out = new Set<string>();
  const abc = 'abcdefghijklmnopqrstuvwxyz';
  const add = (f: string, w: string) => {
    if (keep(f, w)) out.add(w);
  };
  for (const f of forms) {
    for (let i = 0; i <= f.length; i++) {
      for (const c of abc) add(f, f.slice(0, i) + c + f.slice(i));
      if (i < f.length) {
        add(f, f.slice(0, i) + f.slice(i + 1));
        for (const c of abc) add(f, f.slice(0, i) + c + f.slice(i + 1));
        if (i + 1 < f.length) add(f, f.slice(0, i) + f[i + 1] + f[i] + f.slice(i + 2));
      }
    }
  }
  for (const f of forms) out.delete(f);
  return out;
}

/** Legal forms and the words beside them that are long enough to be told when misspelt (5+). */
let SPELLABLE: Set<string> | undefined;

/** A word of 4 letters or more one edit from a legal word of 5 or more ("SOCK", "JONT", "OCRPANY"). */
function misspeltBeside(w: string): boolean {
  if (w.length < 4) return false;
  SPELLABLE ??= oneEdit([...LEGAL_FORMS, ...BESIDE_LEGAL].filter((f) => f.length >= 5));
  return SPELLABLE.has(w);
}

/** The long legal forms, which a typo must not turn into a word of the name ("LIMTED", "COMAPNY"). */
let MISSPELT: Set<string> | undefined;

function misspeltLegalForm(w: string): boolean {
  if (w.length < 6) return false;
  MISSPELT ??= oneEdit([...LEGAL_FORMS].filter((f) => f.length >= 7));
  return MISSPELT.has(w);
}

/**
 * Whether a word is one edit (a letter changed, added, dropped or two swapped) from a legal form
 * or a word beside one, keeping its first and last letters (or swapping them with their
 * neighbour), without being one: "LTeD", "ZFCO", "GjMBH", "STOK" — not "good" (ood), "ink" (inc)
 * or "crop" (corp)… Such a word is read as a descriptor: it costs little and never makes a match.
 */
export function nearLegalForm(w: string): boolean {
  if (w.length < 3 || w.length > 12) return false;
  NEAR ??= nearForms(); // holds no legal form itself
  return NEAR.has(w);
}

let NEAR: Set<string> | undefined;

/** One edit from a legal form (3+ letters) or a long word beside one, first and last letters kept. */
function nearForms(): Set<string> {
  const ends = (x: string) => x[0]! + x[x.length - 1]!;
  return oneEdit(
    [...LEGAL_FORMS, ...[...BESIDE_LEGAL].filter((w) => w.length >= 4)].filter((f) => f.length >= 3),
    (f, w) =>
      w.length >= 3 &&
      (ends(w) === ends(f) ||
        (w.length === f.length && (w[0] === f[1] || w[w.length - 1] === f[f.length - 2]))),
  );
}
