-- Neovim's built-in LSP client (0.7 or later), headless, against `dr-session-lint --lsp`: run with
--   DRSL_BIN=path/to/dr-session-lint nvim --headless --clean -n -u NONE -c 'luafile tests/nvim/fix.lua' FILE
-- It waits for the diagnostics of FILE, runs the preferred quick fix of a `missing-session-id`
-- diagnostic, then "fix all" (`source.fixAll`), through `vim.lsp.buf.code_action` (the menu answered
-- by this script), writes the buffer and quits; exit code 1 when a step fails. tests/lsp.rs compares
-- the file with `--fix`'s output.

local function say(message)
  io.stdout:write('dr-session-lint: ' .. message .. '\n')
end

local function fail(message)
  say('FAIL ' .. message)
  vim.cmd('cquit 1')
end

local buf = vim.api.nvim_get_current_buf()
local bin = os.getenv('DRSL_BIN')
if not bin then
  fail('DRSL_BIN is not set')
end
local client_id = vim.lsp.start_client({
  name = 'dr-session-lint',
  cmd = { bin, '--lsp' },
  root_dir = vim.fn.getcwd(),
})
if not client_id then
  fail('the server did not start')
end
vim.lsp.buf_attach_client(buf, client_id)

local function code_of(d)
  if d.code then
    return d.code
  end
  return d.user_data and d.user_data.lsp and d.user_data.lsp.code
end

if not vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
  fail('no diagnostics')
end
say('diagnostics ' .. #vim.diagnostic.get(buf))

-- Run the code action `pick` chooses among those offered (with `context`), and wait for the edit.
local function run_action(context, pick, what)
  local tick = vim.api.nvim_buf_get_changedtick(buf)
  local chosen = nil
  vim.ui.select = function(items, _, on_choice)
    for _, item in ipairs(items) do
      if pick(item[2]) then
        chosen = item[2]
        on_choice(item)
        return
      end
    end
    on_choice(nil)
  end
  vim.lsp.buf.code_action(context)
  local done = vim.wait(60000, function()
    return chosen ~= nil and vim.api.nvim_buf_get_changedtick(buf) ~= tick
  end, 20)
  if not done then
    fail('no ' .. what .. ' was applied')
  end
  say('applied: ' .. chosen.title)
end

local target = nil
for _, d in ipairs(vim.diagnostic.get(buf)) do
  if code_of(d) == 'missing-session-id' and target == nil then
    target = d
  end
end
if not target then
  fail('no missing-session-id diagnostic')
end
vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
run_action(nil, function(action) return action.kind == 'quickfix' and action.isPreferred end, 'quick fix')
run_action({ only = { 'source.fixAll' } }, function(action)
  return action.kind == 'source.fixAll.dr-session-lint'
end, 'fix-all')

vim.cmd('write')
vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
say('written')
vim.cmd('qall!')
