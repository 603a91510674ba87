<?php
/*
 * wp-config.php for Debian's stock WordPress in the opdcrawl tests.
 *
 * One copy of WordPress serves several test sites: each `php -S` process gets its own
 * table prefix and mode from the environment, and the site's address from the Host
 * header it is asked under (see tests/stock_wordpress/__init__.py).
 */
define('DB_NAME', getenv('WP_DB_NAME'));
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:' . getenv('WP_DB_SOCKET'));
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
$table_prefix = getenv('WP_TABLE_PREFIX');

$opdcrawl_host = $_SERVER['HTTP_HOST'] ?? getenv('WP_HOST');
define('WP_HOME', 'http://' . $opdcrawl_host);
define('WP_SITEURL', 'http://' . $opdcrawl_host);
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');

/* No cron, no updates, no calls to wordpress.org: the test network is loopback only. */
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_DEBUG', false);

foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT',
          'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as $opdcrawl_key) {
    define($opdcrawl_key, 'opdcrawl-test-only-' . $opdcrawl_key);
}

if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
