import type { AdminMessages } from './admin.en.js';

/** 简体中文 for the admin screen (/admin). */
export const adminZhCN: AdminMessages = {
};
