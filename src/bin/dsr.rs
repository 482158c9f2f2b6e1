//! The DSR form bundle (`privacy-dsr`): the intake form and its confirmation,
//! fetched by the loader only when a visitor opens the form.
privacy_widget::view_bundle!(privacy_widget::widget::DsrView);
