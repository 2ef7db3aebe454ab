//! Templates for a new record: the usual agenda (议题) of each kind and the study hours (学时) credited.
//! Both are only defaults: the secretary edits them in the form.

use super::activity::ActivityKind;

/// The usual agenda of a kind, editable by the user in the form.
pub fn default_agenda(kind: ActivityKind) -> Vec<String> {
    let items: &[&str] = match kind {
        ActivityKind::GeneralMeeting => &[
            "学习传达上级党组织会议和文件精神",
            "通报支部近期工作情况",
            "讨论决定支部重要事项",
            "部署下一阶段工作",
        ],
        ActivityKind::CommitteeMeeting => &[
            "学习贯彻上级党组织部署要求",
            "研究本月支部工作",
            "研究党员教育管理和发展党员工作",
            "研究需提交党员大会讨论的事项",
        ],
        ActivityKind::GroupMeeting => &[
            "学习传达支部工作安排",
            "组织党员开展学习讨论",
            "党员汇报思想和工作情况",
            "收集党员意见建议",
        ],
        ActivityKind::PartyLecture => &["讲授党课", "交流学习体会"],
        ActivityKind::ThemeDay => &["重温入党誓词", "集中学习", "交纳党费", "开展民主议事", "开展志愿服务"],
        ActivityKind::OrgLifeMeeting => &["通报支部工作情况", "党员对照检查", "开展批评与自我批评", "民主评议党员"],
        ActivityKind::MemberReview => &["学习教育", "个人自评", "党员互评", "民主测评", "组织评定并反馈评议结果"],
        ActivityKind::HeartTalk => &["交流思想和工作情况", "听取意见建议", "指出存在的问题和改进方向"],
        ActivityKind::GroupStudy => &["领学学习材料", "交流研讨", "书记总结"],
    };
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Default study hours (学时) credited to those who attended an activity of `kind`.
pub fn default_study_hours(kind: ActivityKind) -> f64 {
    match kind {
        ActivityKind::PartyLecture | ActivityKind::GroupStudy | ActivityKind::ThemeDay => 2.0,
        ActivityKind::GeneralMeeting | ActivityKind::GroupMeeting => 1.0,
        ActivityKind::CommitteeMeeting
        | ActivityKind::OrgLifeMeeting
        | ActivityKind::MemberReview
        | ActivityKind::HeartTalk => 0.0,
    }
}
