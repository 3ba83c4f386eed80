// Everyday words of the four languages that also spell place or person names, so "dugu koro", "mogo duuru" or "Djeneba" are not places.
import { foldWord } from '../geo/fold.ts';
import type { Language } from '../domain/taxonomy.ts';

const set = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean).map(foldWord));

/**
 * Short, frequent grammatical words (ours; the Fulfulde and Songhay lists are inferred, to be
 * checked by speakers). Evidence for language identification and never place names.
 */
export const FUNCTION_WORDS: Readonly<Record<Language, ReadonlySet<string>>> = {
  fr: set(`le la les l de des du d un une et est a au aux pour dans il ils elle elles on nous vous je j tu pas y sont ont
    en sur avec qui que qu ce cette ces se s ne n mais ou donc car par plus tres tout tous toute toutes leur leurs son sa ses
    mon ma mes notre nos votre vos ici deja encore aussi comme quand comment pourquoi quoi c ca cest ete etait sont fait faut
    ya apres avant depuis pendant vers chez entre contre sans sous hier soir matin nuit aujourdhui maintenant beaucoup`),
  bm: set(`ye ka ni be bɛ ma tun ko an u o la kan te tɛ ani fana kɔnɔ bɛɛ bee don fe fɛ bi kunun sisan tugun caman dow
    min nin olu aw bena tora kosebe kosɛbɛ nka sabu kama kosɔn kosonn k b y t ra ma na nana bɔ bo taa dugu mogo mɔgɔ mogow
    ale anw aw jɔn jon mun wa tɛmɛna temena kelen fila saba naani duuru`),
  ff: set(`e ina be ɓe mi min en on o nder ngam ɗum dum hande jooni kadi wonaa amen mabbe makko fof hakkunde wonde tan ɗo
    oo ngoo nden ndee ɗuum duum ko woni ngari yimbe yimɓe wuro jemma didi tati nai sabu walaa alaa`),
  son: set(`nda goo go ga i ay ir ni ka ra se si na kaŋ kan kulu boobo hinka hinza ne no din wo koyne sohon cin borey boro
    kwaara koy kaa manti mana`),
};

/**
 * Ordinary words (beyond the function words) that are also names in the gazetteer: villages
 * (mali-settlements.csv) or communes (Fourou ~ bm "furu" marriage, Dourou ~ "duuru" five,
 * Gossi ~ "gosi" beat, Diéma ~ ff "jemma" night, Koro ~ bm "kɔrɔ" old, San ~ bm "san" year).
 * Such a word is a place only after a place word ("à Koro", "cercle de San", "Koro kɔnɔ") or in
 * capitals. Ours.
 */
export const COMMON_WORDS: ReadonlySet<string> = set(`
  koro kɔrɔ san dire logo kola kulu kala sony bara sana sama nara furu duuru gosi jemma fanga tori bamba ber bla somo dah
  village champ terre berger camp campement hameau nomades transhumance marche route poste site toute comme elle paye tombee
  mangee mange monde maire haine kalach dogon dogons dogonw peul peuls peulh peulhs bozo bozos bambara bambaras mossi
  dugu duguw ko kan kele kɛlɛ sira ke kɛ kera kɛra bena faga jeni tire binna ben je malo kama kuma kungo nana son kene kɛnɛ
  kere kɛrɛ sara don tun caman kelen tugun dugukolo doron dɔrɔn suman sanke kolon perenna dogoli kosa bora naani saba
  temena tɛmɛna wula fofo mana wara kaba koyo ciw
  wuro debbo batu gorko ngari habre haɓre sunnii doole yiiloo bonni bonnde wande ndaba jooni
  boro baani fari care gonda fondo baaru margu cimi laabu bunndu kwaara
`);

/** First names and surnames that are also place names (Sy, Dah, Bamba, Diallo, Djeneba ~ Djenné). Ours. */
export const PERSON_NAMES: ReadonlySet<string> = set(`
  sy dah bamba diallo diarra dabo siby baye traore coulibaly keita cisse toure sangare dicko bore barry sidibe maiga kone
  dembele sow ba tall guindo ongoiba togo dolo tembely djeneba jeneba kadiatou fatoumata fatoma aminata mariam oumou awa
  hawa moussa amadou hamadou boubacar ousmane ibrahim seydou bakary mamadou modibo salif adama issa sekou oumar ali
  hamidou hama samba yaya allaye hassane fanta kadidia assetou salimata
`);

/** Words that turn the next word into a place ("à Koro", "vers San", "village Sio"), folded and expanded. */
export const PLACE_WORDS_BEFORE: ReadonlySet<string> = set(`
  au aux dans vers village hameau campement fraction quartier commune cercle region mairie localite secteur zone pres cote
  environs sortie entree axe route marche site poste camp nder`);
/** The same, weaker: "à" and "de" are everywhere ("à cause", "de l'argent"). */
export const WEAK_PLACE_WORDS_BEFORE: ReadonlySet<string> = set('a de d du en');
/** Postpositions: Bambara "Koro kɔnɔ / Jenne la", Songhay "Gao ra / do". */
export const PLACE_WORDS_AFTER: ReadonlySet<string> = set('kono kɔnɔ ra');
/** Words before "de X" that make X where people come from, not where the event is. */
export const ORIGIN_WORDS: ReadonlySet<string> = set(`
  venus venu venue venues venant viennent arrives arrivees originaires originaire partis parti fuyant fui fuient quitte
  quittent quitter depuis provenance`);
/** Words before "de X" that name people of X, who may be elsewhere ("les gens de Koro ont attaqué…"). */
export const PEOPLE_WORDS: ReadonlySet<string> = set(`
  gens habitants population populations ressortissants jeunes familles peuls peulhs dogons bozos bambaras deplaces
  eleveurs cultivateurs chasseurs dozos`);
