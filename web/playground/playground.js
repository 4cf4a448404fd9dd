// Boots GraphiQL (from the vendored bundles) against this server's
// graphql endpoint. The bearer token typed in the bar, when there is one,
// goes with every request as an Authorization header; it is never stored.
(function () {
  'use strict';

  // The opening query answers a real question of the knowledge graph.
  var defaultQuery = [
    '# Which resolutions does Project 06 carry out,',
    '# directly or through the plans it implements?',
    '# Who issued each of them, and when?',
    '# Run it with Ctrl-Enter or the run button.',
    '# Mutations need the bearer token (bar above).',
    'query Project06Resolutions {',
    '  resolutionsImplementedBy(',
    '    programme: "Project 06"',
    '    transitive: true',
    '  ) {',
    '    symbol',
    '    name',
    '    issuedOn',
    '    issuedBy { name }',
    '  }',
    '}',
    ''
  ].join('\n');

  var endpoint = new URL('graphql', window.location.href).toString();
  var tokenInput = document.getElementById('govkg-token');

  function fetcher(params, opts) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    var extra = (opts && opts.headers) || {};
    Object.keys(extra).forEach(function (k) { headers[k] = extra[k]; });
    var token = tokenInput.value.trim();
    if (token !== '') {
      headers['Authorization'] = 'Bearer ' + token;
    }
    return fetch(endpoint, {
      method: 'POST',
      headers: headers,
      body: JSON.stringify(params),
      credentials: 'same-origin'
    }).then(function (res) {
      return res.text().then(function (body) {
        try {
          return JSON.parse(body);
        } catch (e) {
          return { errors: [{ message: 'HTTP ' + res.status + ': ' + body }] };
        }
      });
    });
  }

  var root = ReactDOM.createRoot(document.getElementById('govkg-graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: defaultQuery,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: false
  }));
}());
