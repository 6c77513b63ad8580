/** What each job is called: the words live in src/text/jobs.ts; this keeps the shared import path. */
export { JOB_KIND_TEXT, jobKindText } from '../text/jobs.ts';
