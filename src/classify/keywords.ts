// OUR hand-written keywords — NOT from reference/lexicon.csv: words the lexicon lacks, to be reviewed with the committees.
//
// Everything in this file is researcher knowledge (confidence 'ours'). The lexicon's own words
// (hommes armés, vol de bétail, misi sonya, kɛlɛ, ...) are loaded from reference/lexicon.csv by
// lexicon.ts; the concepts below either add French words the lexicon lacks (theft, recruit,
// governance, dialogue, assault, community) or are markers the classifier needs (nothing,
// trivial, greeting). Phrases are '|'-separated; a trailing '*' matches any word starting with
// the stem; French words also match with -s/-x/-e/-es added, Bambara ones with plural -w.
import type { LexLanguage } from './lexicon.ts';
import { LOCAL_KEYWORDS } from './keywords-local.ts';

export interface OurKeywords {
  concept: string;
  language: LexLanguage;
  words: string;
}

export const OUR_KEYWORDS: readonly OurKeywords[] = [
  ...LOCAL_KEYWORDS,
  // ---- category evidence the lexicon lacks (French) ----
  {
    concept: 'road',
    language: 'fr',
    words: 'route|axe|piste|goudron|barrage|checkpoint|poste de controle|bloque la route|coupe la route',
  },
  { concept: 'arrest', language: 'fr', words: 'arrete*|arrestation*|detenu*|emprisonn*|garde a vue|enferme*|ligote*' },
  { concept: 'shooting', language: 'fr', words: 'tirs|tirent|coups de feu|fusillade|rafale*|on tire' },
  { concept: 'money', language: 'fr', words: 'argent|payer|paye|rancon|taxe*|cfa|francs|billet*' },
  { concept: 'theft', language: 'fr', words: 'vol|vole|voler|volent|voleur|emport*|razzia|braquage|braqueur|pill*' },
  { concept: 'cattle', language: 'fr', words: 'boeuf|vache|mouton|chevre|chameau|bete|bovin|ovin|caprin|animal' },
  { concept: 'recruit', language: 'fr', words: 'recrut*|enrol*|embrigad*|radicalis*|endoctrin*|jihad|djihad|prech*' },
  {
    concept: 'governance',
    language: 'fr',
    words: 'corrupt*|corromp*|racket*|abus*|bavure*|arbitraire*|extorsion|extorqu*|pot de vin|detournement|impunite',
  },
  {
    concept: 'dialogue',
    language: 'fr',
    words: 'dialogue|pourparler*|negociation*|accord|cessez le feu|reouverture|rouvert*|rencontre de paix',
  },
  {
    concept: 'sexual_violence',
    language: 'fr',
    words: 'viol|violer|mariage precoce|mariage d enfant|excision|violence conjugale|violences sexuelles',
  },
  // Generic violence: VBG when women are named, abuse (GOUVERNANCE) when security forces are, else a weak ATTAQUE.
  { concept: 'assault', language: 'fr', words: 'agression|violence|frapp*|battu|tabass*' },
  {
    concept: 'community',
    language: 'fr',
    words: 'communaut*|ethni*|tribu|dogon|bambara|bozo|touareg|tamasheq|arabe|songhai|sonrai|bella|mossi|malinke',
  },
  { concept: 'intercom', language: 'fr', words: 'boycott*|represaille*|vengeance|venger|haine|insult*|expuls*|mobilis*' },
  { concept: 'armed_men', language: 'fr', words: 'zakat|checkpoint|check point|hommes en armes|gens armes' },
  { concept: 'motorbike', language: 'fr', words: 'moto|motos|convoi' },
  { concept: 'attack', language: 'fr', words: 'tir*|fusillade|massacre*|abattu|assassin*|egorg*|explos*' },
  { concept: 'kill', language: 'fr', words: 'tue*' },
  { concept: 'burn', language: 'fr', words: 'brul*|incendi*' },
  { concept: 'kidnapping', language: 'fr', words: 'enlev*|kidnap*|rapt' },
  { concept: 'dead', language: 'fr', words: 'decede*|perdu la vie|sans vie' },
  { concept: 'wounded', language: 'fr', words: 'bless*' },
  {
    concept: 'displacement',
    language: 'fr',
    words: 'fuite|fuir|fuyant|exode|evacu*|refugi*|deplacee|deplacees|deplacement|deplacements|village vide|villages vides',
  },
  { concept: 'fight', language: 'fr', words: 'battent|se battre|combat*|affront*' },
  { concept: 'damage', language: 'fr', words: 'detrui*|saccag*|devast*' },
  { concept: 'threat', language: 'fr', words: 'menac*|avertissement' },
  { concept: 'dispute', language: 'fr', words: 'tendu|tendue|ca chauffe|situation tendue' },
  // Not an alert concept: keeps "feu de brousse" from reading as arson (no rule uses it).
  { concept: 'bushfire', language: 'fr', words: 'feu de brousse|feux de brousse' },
  { concept: 'rumour', language: 'fr', words: 'il parait|on raconte|audio|message vocal|vocal|fausse info' },

  // ---- "nothing to report": a message that says all is calm is not an alert ----
  {
    concept: 'nothing',
    language: 'fr',
    words:
      'ras|r a s|rien a signaler|ri1 a signaler|rien de grave|rien de special|tout va bien|tout est calme|calme|situation normale|pas de probleme|pas de pb|aucun probleme|pas de souci|rien ne s est passe|il n y a rien|ya rien|tout est normal|la paix',
  },
  // ---- a rumour or report said to be false: a denial, RUMEUR for the CCS to check or counter (TAXONOMY, issue 19) ----
  {
    concept: 'refuted',
    language: 'fr',
    words:
      'c est faux|cest faux|c etait faux|etait faux|etait fausse|est fausse|est faux|sont fausses|sont faux|fausse alerte|fausse rumeur|pas vrai|n est pas vrai|n etait pas vrai|dementi|dementir|infonde|infondee|non fonde|non fondee|c etait une rumeur|pas confirme par',
  },
  // ---- words that make a message trivial (NON_ALERTE): greetings, tests, opt-out, spam, questions about the service ----
  {
    concept: 'greeting',
    language: 'fr',
    words: 'coucou|cc|hello|allo|salam aleykoum|assalamou alaykoum|salamaleykoum|bonne nuit|bonne journee|bonne fete',
  },
  { concept: 'trivial', language: 'fr', words: 'test|teste|essai|cv|ca va|sava|la famille|comment ca marche|bien recu|bravo' },
  { concept: 'optout', language: 'fr', words: 'stop|desabonner|desabonnez|desinscrire|arretez|ne veux plus|unsubscribe' },
  { concept: 'spam', language: 'fr', words: 'felicitations|gagne|gagnez|bonus|recharge*|credit|promo|forfait|solde|cadeau' },
  {
    concept: 'question',
    language: 'fr',
    words: 'qui etes vous|c quoi|ce numero|comment on fait|comment je fais|comment envoyer|m inscrire',
  },
];

/** Words that negate the alert word right after them ("pas de palabre", "aucun blessé"). Ours. */
export const NEGATORS: ReadonlySet<string> = new Set([
  'pas',
  'aucun',
  'aucune',
  'sans',
  'jamais',
  'walaa',
  'alaa',
  'mana',
  'manti',
]);

/** Bambara: "X tɛ" / "X si tɛ" / "X si ma kɛ" — there is no X (folded "te"); Songhay "hay kulu si". Ours. */
export const BM_NEGATORS_AFTER: ReadonlySet<string> = new Set(['te']);
