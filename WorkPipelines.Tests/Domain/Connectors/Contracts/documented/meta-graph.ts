// Meta's Graph API v27.0 and Marketing API v27.0: the calls the Meta Ads and Facebook Page connectors make, as Meta's
// reference documents them, written down by us (read 2026-12) in the form TypeScriptSchemas reads: one interface per
// documented object, every documented field optional, its JSON type as the reference gives it.
//
// Why hand-written: Meta publishes no OpenAPI or other machine-readable description of the Graph or Marketing API.
// Its business SDKs (facebook-python-business-sdk, facebook-nodejs-business-sdk, …) carry generated field lists, but
// under the Facebook Platform License, which is not a permissive licence, so they are neither kept nor installed here.
//
// Sources, one per interface below:
//  [insights] https://developers.facebook.com/documentation/ads-commerce/marketing-api/insights (Ads Insights API:
//             /{ad-account-id}/insights, level, time_increment, time_range {since, until}, fields; numbers such as
//             spend and impressions answered as strings; cursor paging) and its reference
//             https://developers.facebook.com/documentation/ads-commerce/marketing-api/reference/ad-account/insights
//  [actions]  https://developers.facebook.com/docs/marketing-api/reference/ads-action-stats/ (action_type, value)
//  [account]  https://developers.facebook.com/docs/marketing-api/reference/ad-account/ (Fields)
//  [paging]   https://developers.facebook.com/docs/graph-api/results (Paginated Results: cursor-based paging with
//             cursors.before/after, next, previous; time-based paging with since/until links)
//  [page]     https://developers.facebook.com/docs/graph-api/reference/page/ (Fields)
//  [pinsights] https://developers.facebook.com/docs/graph-api/reference/page/insights/ and the metric list
//             https://developers.facebook.com/docs/platforminsights/page (name, period, values {value, end_time},
//             title, description, id; parameters metric, period, since, until (a date or a unix time), date_preset)
//  [iguser]   https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user (Fields: id,
//             username, name, followers_count, follows_count, media_count, biography, profile_picture_url, website),
//             reached from the Page's instagram_business_account field. The IG user's own calls (/insights, /media)
//             are checked by InstagramRequestsTests against the Instagram pages it cites.
//  [debug]    https://developers.facebook.com/docs/graph-api/reference/debug_token/ (parameter input_token; Fields: data
//             {app_id, type, application, data_access_expires_at, expires_at, is_valid, issued_at, metadata, profile_id,
//             scopes, granular_scopes {scope, target_ids}, user_id}; expires_at 0 means the token does not expire)
//  [perms]    https://developers.facebook.com/docs/graph-api/reference/user/permissions/ ("Returns a list of granted and
//             declined permissions") and https://developers.facebook.com/docs/graph-api/reference/permission/ (Fields:
//             permission, status: granted, declined or expired)
//  [posts]    https://developers.facebook.com/docs/graph-api/reference/page/published_posts/ and
//             https://developers.facebook.com/docs/graph-api/reference/post/ (Fields; insights as a field expansion)
namespace meta_graph {
  /** [account] GET /{ad-account-id}?fields=… */
  export interface Schema$NodeParameters {
    fields?: string;
  }

  /** [account] */
  export interface Schema$AdAccount {
    account_id?: string;
    account_status?: number;
    age?: number;
    amount_spent?: string;
    balance?: string;
    business_name?: string;
    created_time?: string;
    currency?: string;
    disable_reason?: number;
    id?: string;
    name?: string;
    timezone_id?: number;
    timezone_name?: string;
    timezone_offset_hours_utc?: number;
  }

  /** [insights] GET /{ad-account-id}/insights */
  export interface Schema$AdsInsightsParameters {
    action_attribution_windows?: any[];
    action_breakdowns?: string;
    action_report_time?: string;
    after?: string;
    before?: string;
    breakdowns?: string;
    date_preset?: string;
    fields?: string;
    filtering?: any[];
    level?: string;
    limit?: number;
    time_increment?: string | number;
    time_range?: Schema$TimeRange;
    time_ranges?: Schema$TimeRange[];
    use_account_attribution_setting?: boolean;
  }

  /** [insights] time_range: since and until, YYYY-MM-DD, both included. */
  export interface Schema$TimeRange {
    since?: string;
    until?: string;
  }

  /** [insights] */
  export interface Schema$AdsInsightsResponse {
    data?: Schema$AdsInsights[];
    paging?: Schema$CursorPaging;
  }

  /** [insights] the fields of one row (those the connector may ask for and what every row carries). */
  export interface Schema$AdsInsights {
    account_currency?: string;
    account_id?: string;
    account_name?: string;
    action_values?: Schema$AdsActionStats[];
    actions?: Schema$AdsActionStats[];
    ad_id?: string;
    ad_name?: string;
    adset_id?: string;
    adset_name?: string;
    campaign_id?: string;
    campaign_name?: string;
    clicks?: string;
    conversions?: Schema$AdsActionStats[];
    conversion_values?: Schema$AdsActionStats[];
    cpc?: string;
    cpm?: string;
    ctr?: string;
    date_start?: string;
    date_stop?: string;
    frequency?: string;
    impressions?: string;
    inline_link_clicks?: string;
    objective?: string;
    purchase_roas?: Schema$AdsActionStats[];
    reach?: string;
    spend?: string;
  }

  /** [actions] value is a numeric string; attribution-window fields (1d_click, 7d_click, …) are left out. */
  export interface Schema$AdsActionStats {
    action_type?: string;
    value?: string;
  }

  /** [paging] cursor-based */
  export interface Schema$CursorPaging {
    cursors?: Schema$Cursors;
    next?: string;
    previous?: string;
  }

  /** [paging] */
  export interface Schema$Cursors {
    before?: string;
    after?: string;
  }

  /** [paging] time-based (insights): links to the previous and next ranges. */
  export interface Schema$TimePaging {
    previous?: string;
    next?: string;
  }

  /** [page] */
  export interface Schema$Page {
    about?: string;
    category?: string;
    fan_count?: number;
    followers_count?: number;
    id?: string;
    instagram_business_account?: Schema$InstagramUser;
    link?: string;
    name?: string;
    username?: string;
  }

  /** [iguser] The Instagram professional account connected to a Page. */
  export interface Schema$InstagramUser {
    biography?: string;
    followers_count?: number;
    follows_count?: number;
    id?: string;
    media_count?: number;
    name?: string;
    profile_picture_url?: string;
    username?: string;
    website?: string;
  }

  /** A node reference: its id. */
  export interface Schema$Node {
    id?: string;
  }

  /** [pinsights] GET /{page-id}/insights */
  export interface Schema$PageInsightsParameters {
    date_preset?: string;
    metric?: string;
    period?: string;
    show_description_from_api_doc?: boolean;
    since?: string | number;
    until?: string | number;
  }

  /** [pinsights] */
  export interface Schema$InsightsResponse {
    data?: Schema$InsightsResult[];
    paging?: Schema$TimePaging;
  }

  /** [pinsights] */
  export interface Schema$InsightsResult {
    description?: string;
    id?: string;
    name?: string;
    period?: string;
    title?: string;
    values?: Schema$InsightsValue[];
  }

  /** [pinsights] value is a number or, for breakdown metrics, an object; end_time is absent for lifetime values. */
  export interface Schema$InsightsValue {
    value?: any;
    end_time?: string;
  }

  /** [posts] GET /{page-id}/published_posts */
  export interface Schema$PagePostsParameters {
    after?: string;
    before?: string;
    fields?: string;
    limit?: number;
    since?: string | number;
    until?: string | number;
  }

  /** [posts] */
  export interface Schema$PagePostsResponse {
    data?: Schema$PagePost[];
    paging?: Schema$CursorPaging;
  }

  /** [posts] */
  export interface Schema$PagePost {
    created_time?: string;
    id?: string;
    insights?: Schema$InsightsResponse;
    message?: string;
    permalink_url?: string;
    status_type?: string;
    updated_time?: string;
  }

  /** [debug] GET /debug_token */
  export interface Schema$DebugTokenParameters {
    input_token?: string;
  }

  /** [debug] */
  export interface Schema$DebugTokenResponse {
    data?: Schema$DebugToken;
  }

  /** [debug] times are unix seconds; expires_at 0: never. */
  export interface Schema$DebugToken {
    app_id?: string;
    application?: string;
    data_access_expires_at?: number;
    expires_at?: number;
    granular_scopes?: Schema$GranularScope[];
    is_valid?: boolean;
    issued_at?: number;
    metadata?: any;
    profile_id?: string;
    scopes?: string[];
    type?: string;
    user_id?: string;
  }

  /** [debug] */
  export interface Schema$GranularScope {
    scope?: string;
    target_ids?: string[];
  }

  /** [perms] GET /me/permissions takes no parameters. */
  export interface Schema$NoParameters {
  }

  /** [perms] */
  export interface Schema$PermissionsResponse {
    data?: Schema$Permission[];
    paging?: Schema$CursorPaging;
  }

  /** [perms] */
  export interface Schema$Permission {
    permission?: string;
    status?: string;
  }
}
