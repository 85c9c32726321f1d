/** Simplified Chinese for a cancelled activity on the activities screen (cancelled-mark.ts, activities-screen.ts), merged into zh-CN.ts's templates. */

export const activitiesTemplates = {
  'activities.cancelled': '已取消',
  'activities.cancelledNote': '此活动已取消，无需报名。',
};
