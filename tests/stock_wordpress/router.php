<?php
/*
 * Router for PHP's built-in server: real files are served as they are, everything else
 * goes to WordPress's index.php, as Apache's rewrite rules in WordPress's .htaccess do.
 */
$opdcrawl_path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$opdcrawl_file = __DIR__ . $opdcrawl_path;
if ($opdcrawl_path !== '/' && is_file($opdcrawl_file)) {
    return false;
}
if (is_dir($opdcrawl_file) && is_file(rtrim($opdcrawl_file, '/') . '/index.php')) {
    return false;
}
require __DIR__ . '/index.php';
