/**
 * Feature ids: lower-case ASCII words joined by hyphens, at most about 40 characters, cut at a
 * word boundary. Accents are stripped; Greek, Cyrillic and a few Latin letters without a
 * decomposition are transliterated; what cannot be (CJK, Arabic...) is dropped, and the caller
 * falls back to `feature-<N>` when nothing is left.
 */
export const SLUG_MAX = 40;

const LATIN: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŋ: 'ng', ſ: 's',
};
const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n',
  ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', є: 'ye', і: 'i', ї: 'yi', ґ: 'g',
};
const TABLE: Record<string, string> = { ...LATIN, ...GREEK, ...CYRILLIC };

export function transliterate(text: string): string {
  let out = '';
  for (const char of text.toLowerCase().normalize('NFKD')) {
    if (/[\u0300-\u036f]/.test(char)) continue;
    out += TABLE[char] ?? char;
  }
  return out;
}

/** The slug without the length limit ('' when nothing transliterates). */
export function fullSlug(text: string): string {
  return transliterate(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function slugify(text: string, max = SLUG_MAX): string {
  return truncateSlug(fullSlug(text), max);
}

export function truncateSlug(slug: string, max = SLUG_MAX): string {
  if (slug.length <= max) return slug;
  const cut = slug.lastIndexOf('-', max);
  return (cut > 0 ? slug.slice(0, cut) : slug.slice(0, max)).replace(/-+$/, '');
}
