// The wire types under the names the UI uses. tauri-specta gives every type that crosses IPC in both
// directions two shapes: `X_Serialize` (what Rust sends: read it) and `X_Deserialize` (what Rust
// accepts: send it). This module is the one place that spells them; everywhere else imports the
// names below (`types.test.ts` fails otherwise). A read is named after the thing (`Pilot`); an input
// ends in `Input` (`PilotScopeInput`).
//
// The plain names in bindings.ts (`Pilot = Pilot_Serialize | Pilot_Deserialize`) are unions of both
// shapes and are not imported anywhere: a field present in only one of them would be optional.

import type {
  AppStatus_Serialize,
  ComplianceItem_Serialize,
  Contact_Serialize,
  CriterionResult_Serialize,
  Debrief_Serialize,
  Decision_Serialize,
  Deliverable_Serialize,
  Dossier_Serialize,
  Flag_Serialize,
  FrameworkDefinition_Serialize,
  Framework_Serialize,
  GateResult_Serialize,
  ImportChoices_Deserialize,
  ImportPreviewView_Serialize,
  Insights_Serialize,
  Metric_Serialize,
  PartnerEdit_Deserialize,
  PhaseGate_Serialize,
  PartnerPage_Serialize,
  PartnerRecord_Serialize,
  Partner_Serialize,
  PilotScope_Deserialize,
  Pilot_Serialize,
  PipelineCard_Serialize,
  Reason_Serialize,
  Recommendation_Serialize,
  ScorecardView_Serialize,
  SharingStatus_Serialize,
  SharingOverview_Serialize,
  DeviceOverview_Serialize,
  Signals_Deserialize,
  WallTime_Serialize,
  EntryOrigin_Serialize,
  FieldEdit_Serialize,
  FieldHistory_Serialize,
  ZoneChoice_Serialize,
  ZoneSearch_Serialize,
} from "../bindings";

// What Rust sends.
export type AppStatus = AppStatus_Serialize;
export type ComplianceItem = ComplianceItem_Serialize;
export type Contact = Contact_Serialize;
export type CriterionResult = CriterionResult_Serialize;
export type Debrief = Debrief_Serialize;
export type Decision = Decision_Serialize;
export type Deliverable = Deliverable_Serialize;
export type Dossier = Dossier_Serialize;
export type EntryOrigin = EntryOrigin_Serialize;
export type FieldEdit = FieldEdit_Serialize;
export type FieldHistory = FieldHistory_Serialize;
export type Flag = Flag_Serialize;
export type Framework = Framework_Serialize;
/** What Rust sends; the editor sends it back as is (every field it accepts is present). */
export type FrameworkDefinition = FrameworkDefinition_Serialize;
export type GateResult = GateResult_Serialize;
export type Insights = Insights_Serialize;
export type Metric = Metric_Serialize;
export type Partner = Partner_Serialize;
export type PartnerPage = PartnerPage_Serialize;
export type PartnerRecord = PartnerRecord_Serialize;
export type Pilot = Pilot_Serialize;
export type PhaseGate = PhaseGate_Serialize;
export type PipelineCard = PipelineCard_Serialize;
export type Reason = Reason_Serialize;
export type Recommendation = Recommendation_Serialize;
export type ScorecardView = ScorecardView_Serialize;
export type SharingStatus = SharingStatus_Serialize;
export type SharingOverview = SharingOverview_Serialize;
export type DeviceOverview = DeviceOverview_Serialize;
export type WallTime = WallTime_Serialize;
export type ZoneChoice = ZoneChoice_Serialize;
export type ZoneSearch = ZoneSearch_Serialize;
export type ImportPreviewView = ImportPreviewView_Serialize;

// What Rust accepts.
export type PartnerEditInput = PartnerEdit_Deserialize;
export type PilotScopeInput = PilotScope_Deserialize;
export type SignalsInput = Signals_Deserialize;
export type ImportChoicesInput = ImportChoices_Deserialize;
