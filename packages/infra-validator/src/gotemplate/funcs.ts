/*
 * The function table: every function a template may call, and the names Go
 * would accept but the renderer does not support.
 */
import { BUILTIN_FUNCS, Func } from './builtins';
import { TEMPLATING_FUNCS } from './crossplane';
import { SPRIG_FUNCS } from './sprig';

export const FUNCS: Record<string, Func> = {
  ...BUILTIN_FUNCS,
  ...SPRIG_FUNCS,
  ...TEMPLATING_FUNCS,
};

export const SUPPORTED = new Set(Object.keys(FUNCS));

/** Every function a function-go-templating template may call (Go accepts these names). */
export const KNOWN_FUNCTIONS = new Set([
  ...SUPPORTED,
  // text/template builtins
  ...'call html js println slice urlquery'.split(' '),
  // function-go-templating (env and expandenv are removed from Sprig there)
  ...'randomChoice fromYaml getResourceCondition getComposedConnectionDetails getExtraResources getExtraResourcesFromContext getCredentialData include'.split(
    ' ',
  ),
  // Sprig v3.3.0
  ...(
    'abbrev abbrevboth add1 add1f addf adler32sum ago all any append atoi b32dec b32enc b64dec base bcrypt ' +
    'biggest buildCustomCert camelcase cat ceil chunk clean coalesce compact concat date dateInZone dateModify ' +
    'date_in_zone date_modify decryptAES deepCopy deepEqual derivePassword dig dir div divf duration durationRound ' +
    'encryptAES ext first float64 floor fromJson genCA genCAWithKey genPrivateKey genSelfSignedCert ' +
    'genSelfSignedCertWithKey genSignedCert genSignedCertWithKey getHostByName has hello htmlDate htmlDateInZone ' +
    'htpasswd initial initials int int64 isAbs kebabcase keys kindIs kindOf last max maxf merge mergeOverwrite min ' +
    'minf mod mul mulf mustAppend mustChunk mustCompact mustDateModify mustDeepCopy mustFirst mustFromJson mustHas ' +
    'mustInitial mustLast mustMerge mustMergeOverwrite mustPrepend mustRegexFind mustRegexFindAll mustRegexMatch ' +
    'mustRegexReplaceAll mustRegexReplaceAllLiteral mustRegexSplit mustRest mustReverse mustSlice mustToDate ' +
    'mustToJson mustToPrettyJson mustToRawJson mustUniq mustWithout must_date_modify nospace now omit osBase osClean ' +
    'osDir osExt osIsAbs pick pluck plural prepend randAlpha randAlphaNum randAscii randBytes randInt randNumeric ' +
    'regexFind regexFindAll regexMatch regexQuoteMeta regexReplaceAll regexReplaceAllLiteral regexSplit repeat rest ' +
    'reverse round semver semverCompare seq set sha1sum sha256sum sha512sum shuffle snakecase sortAlpha split ' +
    'splitList splitn substr swapcase ternary title toDate toDecimal toPrettyJson toRawJson toString toStrings ' +
    'trimAll trimall tuple typeIs typeIsLike typeOf uniq unixEpoch unset until untilStep untitle urlJoin urlParse ' +
    'uuidv4 values without wrap wrapWith'
  ).split(' '),
]);
