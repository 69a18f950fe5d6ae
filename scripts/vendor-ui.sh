#!/usr/bin/env bash
# Regenerates ui/vendor from the npm packages: GOV.UK Frontend and MOJ Frontend CSS compiled with Arial
# (not GDS Transport, which is licensed for GOV.UK only), the images the CSS uses, and the licences.
# Run after `npm ci` whenever govuk-frontend or @ministryofjustice/frontend is upgraded; commit ui/vendor.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules/govuk-frontend ] || npm ci
sass=node_modules/.bin/sass
govuk=node_modules/govuk-frontend
moj=node_modules/@ministryofjustice/frontend
out=ui/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -rf "$out"
mkdir -p "$out/govuk-frontend/assets/images" "$out/moj-frontend/assets/images"

# One entry per package. Asset paths are relative to the compiled CSS file.
cat >"$tmp/govuk-frontend.scss" <<'SCSS'
@use "govuk-frontend/dist/govuk" with (
  $govuk-font-family: (arial, sans-serif),
  $govuk-include-default-font-face: false,
  $govuk-assets-path: "assets/",
  $govuk-global-styles: true
);
SCSS
cat >"$tmp/moj-frontend.scss" <<'SCSS'
@use "@ministryofjustice/frontend/moj/all" with (
  $moj-font-family: (arial, sans-serif),
  $moj-assets-path: "assets/"
);
SCSS

for name in govuk-frontend moj-frontend; do
  "$sass" --no-source-map --style=compressed --quiet-deps --silence-deprecation=import \
    --load-path=node_modules --load-path=. "$tmp/$name.scss" "$out/$name/$name.min.css" 2>"$tmp/$name.log" ||
    { cat "$tmp/$name.log" >&2; exit 1; }
  # The packages' own use of deprecated mixins warns on every build; count, don't flood.
  echo "vendor-ui: $name compiled ($(grep -c '^WARNING' "$tmp/$name.log" || true) upstream Sass warnings)"
done

if grep -qi 'GDS Transport\|@font-face' "$out"/*/*.css; then
  echo "vendor-ui: the compiled CSS still names GDS Transport or a font face" >&2
  exit 1
fi

# Copy only the images the compiled CSS refers to (no fonts: we use Arial).
copy_used() { # css, package assets dir, destination assets dir
  grep -o 'url([^)]*)' "$1" | sed -E 's/url\(["'\'']?//; s/["'\'']?\)$//' | grep '^assets/' | sort -u |
    while read -r rel; do
      cp "$2/${rel#assets/}" "$3/${rel#assets/}"
    done
}
copy_used "$out/govuk-frontend/govuk-frontend.min.css" "$govuk/dist/govuk/assets" "$out/govuk-frontend/assets"
copy_used "$out/moj-frontend/moj-frontend.min.css" "$moj/moj/assets" "$out/moj-frontend/assets"
find "$out" -type d -empty -delete

# The packages ship no licence file; both are MIT (package.json "license"). Keep the notices with the copy.
mit() { # copyright holder line
  cat <<TXT
The MIT License (MIT)

Copyright (c) $1

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
TXT
}
mit "2017 Crown Copyright (Government Digital Service)" >"$out/govuk-frontend/LICENCE.txt"
mit "2021 dxw" >"$out/moj-frontend/LICENCE.txt"

gv=$(node -p "require('./$govuk/package.json').version")
mv=$(node -p "require('./$moj/package.json').version")
cat >"$out/README.md" <<TXT
# Vendored UI libraries (generated: do not edit)

Made by \`scripts/vendor-ui.sh\` from npm packages:

- govuk-frontend $gv (MIT, Crown Copyright, GDS): \`govuk-frontend/\`
- @ministryofjustice/frontend $mv (MIT): \`moj-frontend/\`

The Sass is compiled with \`\$govuk-font-family: arial, sans-serif\` and no \`@font-face\`: the GDS Transport
font is licensed for GOV.UK only, so no font files are shipped. Only images the CSS refers to are copied.
The libraries' JavaScript is not used: the app's own custom elements provide the behaviour.
TXT
echo "vendor-ui: govuk-frontend $gv, moj-frontend $mv -> $out"
find "$out" -type f | sort
