//! The 党员 page: 支部信息, 党小组 and 党员名册, as three tabs (`?tab=branch|groups|roster`).

use crate::ui::components::branch_form::BranchForm;
use crate::ui::components::group_list::GroupSection;
use crate::ui::components::member_paste::MemberPaste;
use crate::ui::components::member_table::MemberRoster;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const TABS: [(&str, &str); 3] = [("roster", "党员名册"), ("groups", "党小组"), ("branch", "支部信息")];

#[component]
pub fn MembersPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><MembersPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn MembersPageBody() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    // Without `?tab=`, start where the work is: the profile while the branch has no name, else the roster.
    // Read once, so that saving the name does not switch the tab under the user's feet.
    let default_tab = if app.data.with_untracked(|d| d.branch.name.is_empty()) {
        "branch"
    } else {
        "roster"
    };
    let tab = Memo::new(move |_| {
        let asked = query.with(|q| q.get("tab")).unwrap_or_default();
        if TABS.iter().any(|(code, _)| *code == asked) {
            asked
        } else {
            default_tab.to_owned()
        }
    });
    let counts = move |code: &str| -> Option<usize> {
        app.data.with(|d| match code {
            "roster" => Some(d.members.iter().filter(|m| m.left_branch.is_none()).count()),
            "groups" => Some(d.groups.len()),
            _ => None,
        })
    };
    view! {
        <div class="page members-page">
            <h1>"党员"</h1>
            <Show when=move || app.data.with(|d| d.branch.name.is_empty())>
                <p class="alert-info">"先填写支部名称；支委可在添加党员后再回到“支部信息”选择。"</p>
            </Show>
            <nav class="tabs" aria-label="党员页面分区">
                {TABS.into_iter().map(|(code, label)| {
                    view! {
                        <a href=format!("/members?tab={code}") class="tab"
                            class:active=move || tab.get() == code
                            aria-current=move || (tab.get() == code).then_some("page")>
                            {label}
                            {move || counts(code).map(|n| view! { <span class="tab-count">{n}</span> })}
                        </a>
                    }
                }).collect_view()}
            </nav>
            {move || match tab.get().as_str() {
                "branch" => view! { <BranchForm/> }.into_any(),
                "groups" => view! { <GroupSection/> }.into_any(),
                _ => view! { <MemberRoster/> <MemberPaste/> }.into_any(),
            }}
        </div>
    }
}
