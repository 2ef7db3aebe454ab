//! Storage errors: every way the store can fail, with the Chinese message shown to the user and what to do.
//!
//! Owned by `store`; the UI shows `to_string()` as is.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StoreError {
    #[error("浏览器不支持本地数据库（IndexedDB），请换用新版 Chrome、Edge、Firefox 或 Safari，且不要使用无痕模式")]
    Unavailable,
    #[error("本地数据库打开失败：{0}。请关闭本应用的其他标签页后刷新重试")]
    Open(String),
    #[error("本地数据由更新版本的支部台账保存，当前页面版本较旧。请刷新页面；如仍出现，请清除浏览器缓存后再打开")]
    TooNew,
    #[error(
        "支部台账已在另一个标签页中升级，请刷新本页。本次修改未保存（数据库连接已关闭：另一个标签页升级或清除了数据）"
    )]
    Closed,
    #[error("存储空间不足，本次修改未保存，原有数据没有改变。请先导出备份，再在浏览器设置中清理其他网站的数据，或在“数据”页申请持久保存后重试")]
    QuotaExceeded,
    #[error("保存失败，本次修改未保存：{0}")]
    Write(String),
    #[error("读取数据失败：{0}")]
    Read(String),
}
