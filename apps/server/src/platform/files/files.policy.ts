import { defineActions } from '../access/policy.ts';

/** Officers who may open files uploaded within their region (e.g. documents attached to an application). */
export const FILE_REVIEWER_ROLES = ['sys_admin', 'service_center', 'health', 'police', 'county_command', 'big_data'] as const;

/** Uploading and reading files; who may read which file is decided per file (owner, or reviewer in region). */
export const FileActions = defineActions('files', {
  'files.file.upload': { who: 'signed-in', description: 'Upload a file (png, jpeg, webp or pdf)' },
  'files.file.read': { who: 'signed-in', description: 'Read a file: its owner, or a reviewing officer within the file\'s region' },
});
