// Zendesk Support API v2: the calls the Zendesk connector makes, as Zendesk's API reference documents them, written
// down by us (read 2026-12) in the form TypeScriptSchemas reads: one interface per documented object, every documented
// property optional, its JSON type as the reference's "Type" column gives it, `| null` where the reference says null.
//
// Why hand-written: Zendesk's machine-readable description (developer.zendesk.com/zendesk/oas.yaml, OpenAPI 3.0.3,
// "Support API" 2.0.0) declares no licence and no terms of use, and no package registry or Zendesk repository
// publishes it under one, so it is not kept or installed here. It also leaves out what the connector relies on and
// the reference documents: per_page and include=metric_sets on the cursor export, and the metric_sets sideload.
//
// Sources, one per interface below:
//  [exports]  https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
//             ("Incremental Ticket Export, Cursor Based": Allowed For Admins; start_time, cursor, per_page (up to
//             1000); "Cursor-based Pagination JSON Format": after_url, after_cursor, before_url, before_cursor;
//             end_of_stream; Sideloading: see Tickets sideloads)
//  [sideload] https://developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/side_loading/
//             (supported endpoints, Tickets: metric_sets)
//  [tickets]  https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/ (JSON format)
//  [via]      https://developer.zendesk.com/documentation/ticketing/reference-guides/via-object-reference/
//  [metrics]  https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metrics/ (JSON format)
//  [users]    https://developer.zendesk.com/api-reference/ticketing/users/users/ (JSON format; Show the Currently
//             Authenticated User, GET /api/v2/users/me)
//  [auth]     https://developer.zendesk.com/api-reference/introduction/security-and-auth/ (API token:
//             basic auth with {email_address}/token:{api_token})
namespace zendesk_support {
  /** [users] GET /api/v2/users/me takes no parameters. */
  export interface Schema$NoParameters {
  }

  /** [exports] GET /api/v2/incremental/tickets/cursor; include from [sideload]. */
  export interface Schema$IncrementalTicketExportCursorParameters {
    start_time?: number;
    cursor?: string;
    per_page?: number;
    include?: string;
    exclude_deleted?: boolean;
    support_type_scope?: string;
  }

  /** [exports] the cursor export's answer; metric_sets is the [sideload]. */
  export interface Schema$IncrementalTicketExportCursorResponse {
    tickets?: Schema$Ticket[];
    metric_sets?: Schema$TicketMetric[];
    after_url?: string | null;
    after_cursor?: string | null;
    before_url?: string | null;
    before_cursor?: string | null;
    end_of_stream?: boolean;
  }

  /** [tickets] */
  export interface Schema$Ticket {
    allow_attachments?: boolean;
    allow_channelback?: boolean;
    assignee_email?: string;
    assignee_id?: number | null;
    brand_id?: number;
    collaborator_ids?: number[];
    created_at?: string;
    custom_fields?: any[];
    custom_status_id?: number;
    description?: string;
    due_at?: string | null;
    email_cc_ids?: number[];
    external_id?: string | null;
    follower_ids?: number[];
    followup_ids?: number[];
    forum_topic_id?: number | null;
    from_messaging_channel?: boolean;
    generated_timestamp?: number;
    group_id?: number | null;
    has_incidents?: boolean;
    id?: number;
    is_public?: boolean;
    organization_id?: number | null;
    priority?: string | null;
    problem_id?: number | null;
    raw_subject?: string;
    recipient?: string | null;
    requester_id?: number;
    satisfaction_rating?: Schema$TicketSatisfactionRating | null;
    sharing_agreement_ids?: number[];
    status?: string;
    subject?: string | null;
    submitter_id?: number;
    tags?: string[];
    ticket_form_id?: number | null;
    type?: string | null;
    updated_at?: string;
    url?: string;
    via?: Schema$Via;
  }

  /** [tickets] satisfaction_rating: the rating, if any, or its state ("offered", "unoffered") as score. */
  export interface Schema$TicketSatisfactionRating {
    id?: number;
    score?: string;
    comment?: string | null;
    reason?: string | null;
    reason_id?: number | null;
  }

  /** [via] */
  export interface Schema$Via {
    channel?: string;
    source?: Schema$ViaSource;
  }

  /** [via] source: from and to differ by channel. */
  export interface Schema$ViaSource {
    from?: any;
    to?: any;
    rel?: string | null;
  }

  /** [metrics] */
  export interface Schema$TicketMetric {
    agent_wait_time_in_minutes?: Schema$MinutesObject;
    assigned_at?: string | null;
    assignee_stations?: number;
    assignee_updated_at?: string | null;
    created_at?: string;
    custom_status_updated_at?: string | null;
    first_resolution_time_in_minutes?: Schema$MinutesObject;
    full_resolution_time_in_minutes?: Schema$MinutesObject;
    group_stations?: number;
    id?: number;
    initially_assigned_at?: string | null;
    latest_comment_added_at?: string;
    on_hold_time_in_minutes?: Schema$MinutesObject;
    reopens?: number;
    replies?: number;
    reply_time_in_minutes?: Schema$MinutesObject;
    reply_time_in_seconds?: Schema$MinutesObject;
    requester_updated_at?: string | null;
    requester_wait_time_in_minutes?: Schema$MinutesObject;
    solved_at?: string | null;
    status_updated_at?: string;
    ticket_id?: number;
    updated_at?: string;
    url?: string;
  }

  /** [metrics] the time objects: calendar and business, null until the event happened. */
  export interface Schema$MinutesObject {
    calendar?: number | null;
    business?: number | null;
  }

  /** [users] */
  export interface Schema$UserResponse {
    user?: Schema$User;
  }

  /** [users] role: "end-user", "agent" or "admin". */
  export interface Schema$User {
    active?: boolean;
    created_at?: string;
    custom_role_id?: number | null;
    email?: string;
    id?: number;
    locale?: string;
    name?: string;
    role?: string;
    role_type?: number | null;
    time_zone?: string;
    updated_at?: string;
    url?: string;
    verified?: boolean;
  }
}
