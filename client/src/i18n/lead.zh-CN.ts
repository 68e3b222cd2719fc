import type { LeadMessages } from './lead.en.js';

/** 简体中文 for the team-lead staffing board (/lead). */
export const leadZhCN: LeadMessages = {
};
