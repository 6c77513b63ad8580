export { disksQuery } from '../../shared/known-disks.ts';
