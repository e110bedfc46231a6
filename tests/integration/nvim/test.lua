-- test.lua — drives `smelt lsp` from Neovim's built-in LSP client (Neovim 0.7, headless).
--
-- Run by run.sh: nvim --headless --clean -n -i NONE -u NONE -c 'luafile test.lua', with SMELT_BIN
-- (the server), PROJECT (a copy of examples/shop to edit) and RESULTS (a file that gets one line per
-- check: "ok - name" or "not ok - name: why"). Exits with :qa! when every check passed, :cquit 1
-- otherwise; a watchdog fails the run if anything hangs.

local smelt = assert(os.getenv('SMELT_BIN'), 'SMELT_BIN is not set')
local root = assert(os.getenv('PROJECT'), 'PROJECT is not set')
local results = assert(io.open(assert(os.getenv('RESULTS'), 'RESULTS is not set'), 'w'))
local failed = false

local function record(ok, name, why)
  results:write((ok and 'ok - ' or 'not ok - ') .. name .. (why and (': ' .. why) or '') .. '\n')
  results:flush()
  if not ok then failed = true end
end

local function finish()
  results:close()
  if failed then vim.cmd('cquit 1') else vim.cmd('qa!') end
end

-- Everything below waits with a timeout; this catches what would wait forever anyway.
vim.defer_fn(function()
  record(false, 'watchdog', 'the test did not finish in 90 s')
  finish()
end, 90000)

local function check(name, condition, why)
  record(condition and true or false, name, (not condition) and why or nil)
  if not condition then error('check failed: ' .. name .. (why and (': ' .. why) or ''), 0) end
end

-- Waits until fn() returns a true value (or the timeout passes) and returns that value.
local function wait_for(ms, fn)
  local value
  vim.wait(ms, function()
    value = fn()
    return value and true or false
  end, 20)
  return value
end

local function read_file(path)
  local file = io.open(path, 'r')
  if not file then return nil end
  local text = file:read('*a')
  file:close()
  return text
end

local function diagnostics_with(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then return d end
  end
  return nil
end

local function main()
  local top = root .. '/models/marts/top_customers.sql'
  vim.cmd('edit ' .. vim.fn.fnameescape(top))
  local buf = vim.api.nvim_get_current_buf()

  local exit_code
  local client_id = vim.lsp.start_client({
    name = 'smelt',
    cmd = { smelt, 'lsp' },
    root_dir = root,
    on_exit = function(code) exit_code = code end,
  })
  check('start_client', client_id ~= nil)
  vim.lsp.buf_attach_client(buf, client_id)
  local client = wait_for(10000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c and c.initialized and c
  end)
  check('initialize', client ~= nil, 'the client did not finish initializing')

  -- 1. A broken reference in unsaved text is reported where it is.
  local original = vim.api.nvim_buf_get_lines(buf, 3, 4, false)[1]
  check('fixture', original == "FROM smelt.ref('customer_revenue')", 'unexpected line: ' .. tostring(original))
  vim.api.nvim_buf_set_lines(buf, 3, 4, false, { "FROM smelt.ref('customer_revenu')" })
  local broken = wait_for(5000, function() return diagnostics_with(buf, 'E0303') end)
  check('diagnostic for a broken reference', broken ~= nil, 'no E0303 diagnostic arrived')
  check('diagnostic position', broken.lnum == 3 and broken.col == 15 and broken.end_col == 32,
    string.format('at %d:%d-%d', broken.lnum, broken.col, broken.end_col))
  check('diagnostic message', broken.message:find("unknown model 'customer_revenu'", 1, true) ~= nil and
    broken.message:find("did you mean 'customer_revenue'", 1, true) ~= nil, broken.message)

  -- 2. Its quick fix, applied by the editor, repairs the text and clears the diagnostic.
  local action_params = vim.lsp.util.make_range_params()
  action_params.range = { start = { line = 3, character = 18 }, ['end'] = { line = 3, character = 18 } }
  action_params.context = { diagnostics = {} }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', action_params, 5000)
  local actions = responses and responses[client_id] and responses[client_id].result or {}
  check('code action offered', #actions == 1 and actions[1].kind == 'quickfix', vim.inspect(actions))
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
  check('code action applied', vim.api.nvim_buf_get_lines(buf, 3, 4, false)[1] == original)
  check('diagnostic cleared', wait_for(5000, function() return #vim.diagnostic.get(buf) == 0 end),
    vim.inspect(vim.diagnostic.get(buf)))

  -- 3. Go to definition: from smelt.ref('customer_revenue') to its file.
  vim.api.nvim_win_set_cursor(0, { 4, 20 })
  vim.lsp.buf.definition()
  local jumped = wait_for(5000, function()
    return vim.api.nvim_buf_get_name(0):match('customer_revenue%.sql$')
  end)
  check('go to definition', jumped ~= nil, 'still in ' .. vim.api.nvim_buf_get_name(0))
  vim.cmd('buffer ' .. buf)

  -- 4. Completion of model names inside smelt.ref('.
  vim.api.nvim_buf_set_lines(buf, 3, 4, false, { "FROM smelt.ref('stg_" })
  local completion = vim.lsp.buf_request_sync(buf, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 3, character = 20 },
  }, 5000)
  local labels = {}
  local items = completion and completion[client_id] and completion[client_id].result
  for _, item in ipairs(items and (items.items or items) or {}) do labels[item.label] = true end
  check('completion of model names', labels.stg_orders and labels.stg_customers and not labels.customer_revenue,
    vim.inspect(vim.tbl_keys(labels)))
  vim.api.nvim_buf_set_lines(buf, 3, 4, false, { original })

  -- 5. Columns in UTF-16: an emoji before a broken reference, in a new unsaved model.
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/models/marts/emoji.sql'))
  local emoji = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(emoji, 0, -1, false, { "SELECT '\240\159\152\128' AS e FROM smelt.ref('nope')" })
  vim.lsp.buf_attach_client(emoji, client_id)
  local astral = wait_for(5000, function() return diagnostics_with(emoji, 'E0303') end)
  check('astral character columns', astral ~= nil and astral.col == 34 and astral.end_col == 40,
    astral and string.format('at %d-%d', astral.col, astral.end_col) or 'no diagnostic')
  vim.cmd('bwipeout! ' .. emoji)
  vim.cmd('buffer ' .. buf)
  check('back to a clean project', wait_for(5000, function() return #vim.diagnostic.get(buf) == 0 end),
    vim.inspect(vim.diagnostic.get(buf)))

  -- 6. Rename a model: the file is renamed and every reference (and smelt.yml) follows.
  vim.api.nvim_win_set_cursor(0, { 4, 20 })
  vim.lsp.buf.rename('customer_value')
  local renamed = wait_for(5000, function()
    return vim.loop.fs_stat(root .. '/models/marts/customer_value.sql') ~= nil and
      vim.api.nvim_buf_get_lines(buf, 3, 4, false)[1] == "FROM smelt.ref('customer_value')"
  end)
  check('rename applied', renamed, 'the file or the reference was not renamed')
  vim.cmd('silent! wall')
  check('old file gone', vim.loop.fs_stat(root .. '/models/marts/customer_revenue.sql') == nil)
  check('reference saved', (read_file(top) or ''):find("smelt.ref('customer_value')", 1, true) ~= nil)
  check('smelt.yml entry renamed', (read_file(root .. '/smelt.yml') or ''):find('customer_value:', 1, true) ~= nil,
    read_file(root .. '/smelt.yml'))
  -- The server saw the save and read the renamed file from disk: the reference names a model again.
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 3, character = 20 },
  }, 5000)
  local contents = hover and hover[client_id] and hover[client_id].result and hover[client_id].result.contents
  check('server knows the renamed model', contents and contents.value:find('customer_value', 1, true) ~= nil and
    contents.value:find('no such model', 1, true) == nil, vim.inspect(contents))
  check('no diagnostics after rename', wait_for(5000, function() return #vim.diagnostic.get(buf) == 0 end),
    vim.inspect(vim.diagnostic.get(buf)))

  -- 7. Shutdown and exit: the server ends cleanly (exit code 0).
  vim.lsp.stop_client(client_id)
  check('clean exit', wait_for(5000, function() return exit_code ~= nil end) and exit_code == 0,
    'exit code ' .. tostring(exit_code))
end

local ok, err = xpcall(main, debug.traceback)
if not ok then record(false, 'error', tostring(err):gsub('\n', ' | ')) end
finish()
