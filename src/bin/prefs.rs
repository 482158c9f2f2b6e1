//! The consent preferences bundle (`privacy-prefs`): every consent type with
//! its switch, or only those that need a new answer (re-ask). The loader
//! fetches it when a visitor chooses Customise or "Privacy choices".
privacy_widget::view_bundle!(privacy_widget::widget::ConsentPanel);
