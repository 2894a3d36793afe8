<?php
// Checks: the amount is printed by the server (`json_encode`); the masked tag runs as a stub value.
$total = 42.5;
?>
<button id="pay"><?= htmlspecialchars($label) ?></button>
<script>
  var dr = new DigitalRiver('<?= $publicKey ?>');
  document.getElementById('pay').addEventListener('click', function () {
    dr.createSource({
      type: 'wireTransfer',
      amount: <?= json_encode($total) ?>,
      currency: 'EUR',
      owner: { email: '<?= $email ?>' }
    });
  });
</script>
