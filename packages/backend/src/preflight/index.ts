export {
  checkConfig,
  exitOnConfigProblems,
  configFilesFromArgs,
  formatProblems,
} from './checkConfig';
export type { ConfigProblem } from './checkConfig';
