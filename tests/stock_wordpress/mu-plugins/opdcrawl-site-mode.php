<?php
/*
 * Plugin Name: opdcrawl test site mode
 * Description: What OPD site admins switch off with "disable REST API" / "disable feeds"
 * hardening plugins, chosen per test site by the OPDCRAWL_WP_MODE environment variable:
 * "open" (stock), "rest-off" (REST API answers 401), "no-feeds" (REST API and feeds off,
 * core sitemaps left on), "locked" (REST API, feeds, sitemaps and the generator tag all
 * off, so only the HTML pages are left).
 */
$opdcrawl_mode = getenv('OPDCRAWL_WP_MODE') ?: 'open';

if (in_array($opdcrawl_mode, ['rest-off', 'no-feeds', 'locked'], true)) {
    add_filter('rest_authentication_errors', function () {
        return new WP_Error('rest_disabled', 'REST API dinonaktifkan.', ['status' => 401]);
    });
    remove_action('wp_head', 'rest_output_link_wp_head', 10);
    remove_action('template_redirect', 'rest_output_link_header', 11);
}

if (in_array($opdcrawl_mode, ['no-feeds', 'locked'], true)) {
    foreach (['do_feed', 'do_feed_rdf', 'do_feed_rss', 'do_feed_rss2', 'do_feed_atom',
              'do_feed_rss2_comments', 'do_feed_atom_comments'] as $opdcrawl_feed) {
        add_action($opdcrawl_feed, function () {
            wp_die('Feed tidak tersedia.', '', ['response' => 404]);
        }, 1);
    }
    remove_action('wp_head', 'feed_links', 2);
    remove_action('wp_head', 'feed_links_extra', 3);
}

if ($opdcrawl_mode === 'locked') {
    remove_action('wp_head', 'wp_generator');
    add_filter('wp_sitemaps_enabled', '__return_false');
}
