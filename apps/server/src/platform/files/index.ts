import { defineModule } from '../modules/module.ts';
import { FileActions } from './files.policy.ts';
import { fileRoutes } from './files.routes.ts';
import * as tables from './files.tables.ts';

/** Uploaded files: stored on local disk under the data directory, type sniffed, read per owner or reviewer region. */
export { type FileStorage, LocalDiskStorage } from './files.storage.ts';

/** The files platform piece: upload and download (multipart parsing only in its own scope). */
export const FilesModule = defineModule({
  name: 'files',
  dependsOn: ['identity', 'audit'],
  actions: [FileActions],
  tables,
  routes: fileRoutes,
});
