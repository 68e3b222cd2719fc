import type { SupervisorMessages } from './supervisor.en.js';

/** 简体中文 for the night supervisor console (/supervisor). */
export const supervisorZhCN: SupervisorMessages = {
};
