<?php
/*
 * Install one test site into Debian's stock WordPress and publish its posts.
 *
 * Usage: php seed.php SPEC.json, with WP_HOST, WP_TABLE_PREFIX, WP_DB_NAME and
 * WP_DB_SOCKET in the environment. SPEC: title, language, permalink_structure,
 * posts_per_page, posts [{title, content, age_hours, modified_age_hours?}],
 * pages [{title, content}].
 * Post times are relative to now, so the crawl that follows sees them at those ages.
 */
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = getenv('WP_HOST');
$_SERVER['REQUEST_URI'] = '/';
$spec = json_decode(file_get_contents($argv[1]), true);

require __DIR__ . '/wp-load.php';
// No mail server here: the installer's "new site" e-mail is skipped.
function wp_new_blog_notification() {}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

wp_install($spec['title'], 'admin', 'admin@example.invalid', true, '', wp_generate_password(), $spec['language']);
update_option('WPLANG', $spec['language']);
update_option('timezone_string', 'Asia/Jakarta');
// The web installer writes the locale's formats ("j F Y" for id_ID); from the command line
// the options are filled before the locale loads, so set what an Indonesian install has.
update_option('date_format', $spec['date_format'] ?? 'j F Y');
update_option('time_format', 'H:i');
update_option('posts_per_page', (int) $spec['posts_per_page']);
// Through $wp_rewrite, so the permalinks printed below use the new structure (and its
// trailing slash) in this same process.
global $wp_rewrite;
$wp_rewrite->set_permalink_structure($spec['permalink_structure']);
update_option('template', 'twentytwentyone');
update_option('stylesheet', 'twentytwentyone');

foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1]) as $sample) {
    wp_delete_post($sample->ID, true);
}

$now = time();
$published = [];
foreach ($spec['posts'] as $post) {
    $gmt = gmdate('Y-m-d H:i:s', $now - (int) round($post['age_hours'] * 3600));
    $id = wp_insert_post([
        'post_title' => $post['title'],
        'post_content' => $post['content'],
        'post_status' => 'publish',
        'post_type' => 'post',
        'post_date_gmt' => $gmt,
        'post_date' => get_date_from_gmt($gmt),
    ], true);
    if (is_wp_error($id)) {
        fwrite(STDERR, $id->get_error_message() . "\n");
        exit(1);
    }
    if (isset($post['modified_age_hours'])) {
        // Edited later (a typo fixed, a PDF attached): WordPress keeps the publication
        // date and stamps post_modified, which themes, feeds and the API also print.
        $modified = gmdate('Y-m-d H:i:s', $now - (int) round($post['modified_age_hours'] * 3600));
        $wpdb->update($wpdb->posts, [
            'post_modified_gmt' => $modified,
            'post_modified' => get_date_from_gmt($modified),
        ], ['ID' => $id]);
        clean_post_cache($id);
    }
    $published[] = ['id' => $id, 'url' => get_permalink($id), 'date_gmt' => $gmt . 'Z'];
}
foreach ($spec['pages'] ?? [] as $page) {
    wp_insert_post([
        'post_title' => $page['title'],
        'post_content' => $page['content'],
        'post_status' => 'publish',
        'post_type' => 'page',
    ]);
}
flush_rewrite_rules(false);
echo json_encode(['home' => home_url('/'), 'posts' => $published]), "\n";
