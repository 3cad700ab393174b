// Generated from the category table in src/category.rs by tests/category_copies.rs
// (UPDATE_COPIES=1 cargo test --test category_copies). Do not edit by hand.

/** Every category as [name, the page's label for its group], in the report's order. */
export const CATEGORIES = [
  ["ads", "Ads"],
  ["paywall", "Paywall"],
  ["membership", "Membership and donation drives"],
  ["newsletter", "Newsletter sign-ups"],
  ["consent", "Cookie and consent banners"],
  ["social", "Share and follow buttons"],
  ["related", "Related and more news"],
  ["comments", "Comments"],
  ["navigation", "Site navigation"],
  ["hidden", "Hidden elements"],
  ["other", "Other parts of the page (article mode)"],
  ["unsafe", "Unsafe markup (scripts, styles, frames)"],
];

/** The categories a reader can keep (all but `unsafe`). */
export const KEEPABLE = ["ads", "paywall", "membership", "newsletter", "consent", "social", "related", "comments", "navigation", "hidden", "other"];

/** What one removal of each category is, as a reader would say it. */
export const WHAT = {
  ads: "An advertisement or ad space.",
  paywall: "A paywall prompt or overlay.",
  membership: "An appeal to become a member or donate.",
  newsletter: "A newsletter sign-up.",
  consent: "A cookie or consent banner.",
  social: "Share or follow buttons.",
  related: "Links to related or more stories.",
  comments: "Comments, or a form to comment.",
  navigation: "The site’s menus and navigation.",
  hidden: "Something the page itself hides from its readers.",
  other: "A part of the page outside the article.",
};
