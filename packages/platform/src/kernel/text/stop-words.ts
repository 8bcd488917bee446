/**
 * The one list of English stop words: function words that say nothing about goods or names'
 * meaning. Capabilities add words of their own domain on top (the classifier's ruling
 * boilerplate, a forced-labor order's "products"), named as such where they are defined.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and or nor the of for to in on with without by from as at is are be been being not its it ' +
    'which that this these those into whether than other such including include includes etc ' +
    'thereof per each all any has have having nesoi'
  ).split(' '),
);

/** The stop words and a domain's own, as one set. */
export const stopWordsWith = (extra: string): ReadonlySet<string> =>
  new Set([...STOP_WORDS, ...extra.split(/\s+/).filter(Boolean)]);
