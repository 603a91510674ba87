<?php
/*
 * Install one test site into Debian's stock WordPress and publish its posts.
 *
 * Usage: php seed.php SPEC.json, with WP_HOST, WP_TABLE_PREFIX, WP_DB_NAME and
 * WP_DB_SOCKET in the environment. SPEC: title, language, permalink_structure,
 * posts_per_page, posts [{title, content, age_hours, modified_age_hours?}],
 * pages [{title, content}].
 * Optional, for sites shaped like real OPD sites (tests/stock_wordpress/capture.py):
 * theme (a theme Debian ships, default twentytwentyone), date_format, description,
 * default_category (the installer's category renamed), categories [names]; per post:
 * status ("publish", "future" with a negative age_hours, or "draft"), sticky,
 * categories [names], slug, comments [{author, content, age_hours}]; per page: slug,
 * age_hours, modified_age_hours, menu_order; front_page and posts_page (page titles: a
 * static front page and the page that lists the posts); menu [page titles] (the
 * primary navigation menu).
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
if (isset($spec['description'])) {
    update_option('blogdescription', $spec['description']);
}
// Through $wp_rewrite, so the permalinks printed below use the new structure (and its
// trailing slash) in this same process.
global $wp_rewrite;
$wp_rewrite->set_permalink_structure($spec['permalink_structure']);
// The taxonomies were registered while the fresh database had no permalink structure, so
// without their rewrite rules: register them again, or /category/{slug}/ would not resolve.
create_initial_taxonomies();
$opdcrawl_theme = $spec['theme'] ?? 'twentytwentyone';
update_option('template', $opdcrawl_theme);
update_option('stylesheet', $opdcrawl_theme);

foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1]) as $sample) {
    wp_delete_post($sample->ID, true);
}

$now = time();

function opdcrawl_gmt($now, $age_hours) {
    return gmdate('Y-m-d H:i:s', $now - (int) round($age_hours * 3600));
}

function opdcrawl_category_ids($names) {
    $ids = [];
    foreach ($names as $name) {
        $term = term_exists($name, 'category');
        if (!$term) {
            $term = wp_insert_term($name, 'category');
        }
        $ids[] = (int) $term['term_id'];
    }
    return $ids;
}

function opdcrawl_set_modified($now, $id, $age_hours) {
    // Edited later (a typo fixed, a PDF attached): WordPress keeps the publication
    // date and stamps post_modified, which themes, feeds and the API also print.
    global $wpdb;
    $modified = opdcrawl_gmt($now, $age_hours);
    $wpdb->update($wpdb->posts, [
        'post_modified_gmt' => $modified,
        'post_modified' => get_date_from_gmt($modified),
    ], ['ID' => $id]);
    clean_post_cache($id);
}

if (isset($spec['default_category'])) {
    // The installer's "Tak Berkategori" renamed, as most OPD sites do ("Berita").
    wp_update_term((int) get_option('default_category'), 'category', [
        'name' => $spec['default_category'],
        'slug' => sanitize_title($spec['default_category']),
    ]);
}
if (!empty($spec['categories'])) {
    opdcrawl_category_ids($spec['categories']);
}

$published = [];
$others = [];
foreach ($spec['posts'] as $post) {
    $status = $post['status'] ?? 'publish';
    $gmt = opdcrawl_gmt($now, $post['age_hours']);
    $data = [
        'post_title' => $post['title'],
        'post_content' => $post['content'],
        'post_status' => $status,
        'post_type' => 'post',
        'post_date' => get_date_from_gmt($gmt),
    ];
    if ($status !== 'draft') {
        // A draft's date floats (WordPress leaves its GMT date empty until it is published).
        $data['post_date_gmt'] = $gmt;
    }
    if (isset($post['slug'])) {
        $data['post_name'] = $post['slug'];
    }
    if (!empty($post['categories'])) {
        $data['post_category'] = opdcrawl_category_ids($post['categories']);
    }
    $id = wp_insert_post($data, true);
    if (is_wp_error($id)) {
        fwrite(STDERR, $id->get_error_message() . "\n");
        exit(1);
    }
    if (isset($post['modified_age_hours'])) {
        opdcrawl_set_modified($now, $id, $post['modified_age_hours']);
    }
    if (!empty($post['sticky'])) {
        stick_post($id);
    }
    foreach ($post['comments'] ?? [] as $comment) {
        $comment_gmt = opdcrawl_gmt($now, $comment['age_hours']);
        wp_insert_comment([
            'comment_post_ID' => $id,
            'comment_author' => $comment['author'],
            'comment_author_email' => '',
            'comment_content' => $comment['content'],
            'comment_approved' => 1,
            'comment_date_gmt' => $comment_gmt,
            'comment_date' => get_date_from_gmt($comment_gmt),
        ]);
    }
    if (get_post_status($id) === 'publish') {
        $published[] = ['id' => $id, 'url' => get_permalink($id), 'date_gmt' => $gmt . 'Z'];
    } else {
        $others[] = ['id' => $id, 'type' => 'post', 'status' => get_post_status($id), 'title' => $post['title'], 'url' => get_permalink($id)];
    }
}
$page_ids = [];
foreach ($spec['pages'] ?? [] as $page) {
    $data = [
        'post_title' => $page['title'],
        'post_content' => $page['content'],
        'post_status' => 'publish',
        'post_type' => 'page',
        'menu_order' => (int) ($page['menu_order'] ?? 0),
    ];
    if (isset($page['slug'])) {
        $data['post_name'] = $page['slug'];
    }
    if (isset($page['age_hours'])) {
        $gmt = opdcrawl_gmt($now, $page['age_hours']);
        $data['post_date_gmt'] = $gmt;
        $data['post_date'] = get_date_from_gmt($gmt);
    }
    $id = wp_insert_post($data);
    if (isset($page['modified_age_hours'])) {
        opdcrawl_set_modified($now, $id, $page['modified_age_hours']);
    }
    $page_ids[$page['title']] = $id;
}
if (isset($spec['front_page'])) {
    update_option('show_on_front', 'page');
    update_option('page_on_front', $page_ids[$spec['front_page']]);
    if (isset($spec['posts_page'])) {
        update_option('page_for_posts', $page_ids[$spec['posts_page']]);
    }
}
if (!empty($spec['menu'])) {
    $menu_id = wp_create_nav_menu('Menu Utama');
    foreach ($spec['menu'] as $position => $title) {
        wp_update_nav_menu_item($menu_id, 0, [
            'menu-item-title' => $title,
            'menu-item-object' => 'page',
            'menu-item-object-id' => $page_ids[$title],
            'menu-item-type' => 'post_type',
            'menu-item-status' => 'publish',
            'menu-item-position' => $position + 1,
        ]);
    }
    set_theme_mod('nav_menu_locations', ['primary' => $menu_id]);
}
foreach ($page_ids as $title => $id) {
    // After the front page is chosen: its permalink is then the home URL.
    $others[] = ['id' => $id, 'type' => 'page', 'status' => 'publish', 'title' => $title, 'url' => get_permalink($id)];
}
flush_rewrite_rules(false);
echo json_encode(['home' => home_url('/'), 'posts' => $published, 'others' => $others]), "\n";
